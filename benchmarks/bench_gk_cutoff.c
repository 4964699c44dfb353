/* The Green-Kubo cutoff against the run length, on stresses whose viscosity is exact.
 *
 * R replicas of M segments of L steps of Ornstein-Uhlenbeck shear stresses (three channels,
 * tau = 0.5, dt = 0.05; eta = V s2 tau / kB T exactly, as tests/transport/test_green_kubo.c)
 * through InmGreenKuboCompute with -z as the levelling threshold (level_sigma; 0: the spread
 * rule of Zhang et al. alone). One line per run: the replica mean of eta over the exact value
 * and its standard error, the replica scatter, the rms reported error and their ratio, the
 * median and largest t_cut, the mean t_level, fits refused, and the replicas more than 3
 * reported errors from the exact value (each listed).
 *   bench_gk_cutoff -M 20 -L 2000 -R 48 -z 3     (and -L 32000, -z 0 for the table in
 *                                                  src/transport/green_kubo.c) */
#include <inmvisc/transport.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

/* the three shear channels; the diagonal ones are unused by INM_GK_SHEAR and left zero */
static void OUShear(gsl_rng *rng, PetscInt nsteps, PetscReal dt, PetscReal tau, PetscReal s2, PetscReal *stress)
{
  const PetscReal phi = PetscExpReal(-dt / tau), sd = PetscSqrtReal(s2 * (1 - phi * phi));
  for (PetscInt c = 0; c < 6; c++) {
    PetscReal x = gsl_ran_gaussian_ziggurat(rng, PetscSqrtReal(s2));
    for (PetscInt i = 0; i < nsteps; i++) {
      stress[6 * i + c] = c < 3 ? 0 : x;
      x                 = phi * x + gsl_ran_gaussian_ziggurat(rng, sd);
    }
  }
}

static int CompareReal(const void *a, const void *b)
{
  const PetscReal x = *(const PetscReal *)a, y = *(const PetscReal *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
  const PetscReal     tau = 0.5, dt = 0.05, s2 = 2.5, V = 1000, kT = 1.5, eta0 = V / kT * s2 * tau;
  PetscInt            M = 20, L = 2000, R = 24, nok = 0, nfail = 0, nout = 0;
  PetscReal           z, sum = 0, sum2 = 0, err2 = 0, tlevel = 0, *stress, *tcut;
  gsl_rng            *rng;
  InmGreenKuboOptions opt;

  PetscCall(PetscInitialize(&argc, &argv, NULL, "Green-Kubo cutoff against the run length on Ornstein-Uhlenbeck stresses"));
  PetscCall(InmGreenKuboOptionsDefault(&opt));
  z = opt.level_sigma;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-M", &M, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-L", &L, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-R", &R, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-z", &z, NULL));
  PetscCheck(M >= 4 && L >= 100 && R >= 2 && z >= 0, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "bench_gk_cutoff: need -M >= 4, -L >= 100, -R >= 2, -z >= 0");
  opt.nsegments   = M;
  opt.level_sigma = z;
  rng             = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 7);
  PetscCall(PetscMalloc2((size_t)M * L * 6, &stress, R, &tcut));
  for (PetscInt r = 0; r < R; r++) {
    InmGreenKubo  *gk;
    PetscErrorCode ierr;
    OUShear(rng, M * L, dt, tau, s2, stress);
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    ierr = InmGreenKuboCompute(1, M * L, stress, dt, V, kT, &opt, &gk);
    PetscCall(PetscPopErrorHandler());
    if (ierr) {
      nfail++;
      continue;
    }
    sum += gk->eta;
    sum2 += gk->eta * gk->eta;
    err2 += gk->eta_err * gk->eta_err;
    tlevel += gk->t_level / tau;
    tcut[nok++] = gk->t_cut / tau;
    if (PetscAbsReal(gk->eta - eta0) > 3 * gk->eta_err) {
      nout++;
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  replica %" PetscInt_FMT ": eta/exact %.3f +- %.3f, t_cut %.1f tau, t_level %.1f tau, tau1 %.2f tau2 %.2f tau, alpha %.3f\n", r, (double)(gk->eta / eta0), (double)(gk->eta_err / eta0), (double)(gk->t_cut / tau), (double)(gk->t_level / tau), (double)(gk->tau1 / tau), (double)(gk->tau2 / tau), (double)gk->alpha));
    }
    PetscCall(InmGreenKuboDestroy(&gk));
  }
  PetscCheck(nok >= 2, PETSC_COMM_WORLD, PETSC_ERR_NOT_CONVERGED, "bench_gk_cutoff: %" PetscInt_FMT " of %" PetscInt_FMT " fits refused", nfail, R);
  {
    const PetscReal mean = sum / nok, sd = PetscSqrtReal(PetscMax(0.0, (sum2 - nok * mean * mean) / (nok - 1))), rms = PetscSqrtReal(err2 / nok);
    qsort(tcut, (size_t)nok, sizeof(PetscReal), CompareReal);
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "M %" PetscInt_FMT " segments of %.0f tau, level_sigma %g, %" PetscInt_FMT " replicas: eta/exact %.4f +- %.4f, scatter %.4f, rms error %.4f (ratio %.2f), t_cut median %.1f max %.1f tau, t_level mean %.1f tau, refused %" PetscInt_FMT ", beyond 3 errors %" PetscInt_FMT "\n", M, (double)(L * dt / tau), (double)z, R, (double)(mean / eta0), (double)(sd / eta0 / PetscSqrtReal(nok)), (double)(sd / eta0), (double)(rms / eta0), (double)(sd / rms), (double)tcut[nok / 2], (double)tcut[nok - 1], (double)(tlevel / nok), nfail, nout));
  }
  PetscCall(PetscFree2(stress, tcut));
  gsl_rng_free(rng);
  PetscCall(PetscFinalize());
  return 0;
}
