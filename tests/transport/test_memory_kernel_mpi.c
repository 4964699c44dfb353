/* The memory kernel with its trajectories spread over the ranks equals the serial one.
 * Every rank generates the same 24 Langevin trajectories (the (a) model of
 * test_memory_kernel.c), computes the kernel of all of them alone (PETSC_COMM_SELF), then
 * the ranks split the trajectories unevenly (rank r holds [24 r^2/P^2, 24 (r+1)^2/P^2)) and
 * compute it together on PETSC_COMM_WORLD, where each lag's projection averages are reduced
 * over the ranks. The same products are summed in another order, so each average differs by
 * ~1e-16 relative, and the linear recursion (S2, S3) carries that through 100 lags of a
 * decaying kernel without growth: the two kernels must agree to 1e-12 of Cbar(0). */
#include "testlib.h"
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

int main(int argc, char **argv)
{
  const PetscInt  J = 24, M = 1000, ncorr = 100;
  const PetscReal m = 2.0, gamma = 1.5, kT = 0.8, dt = 0.004, phi = PetscExpReal(-gamma * dt);
  PetscReal      *p, *F, *pl, *Fl, Cs[100], Cp[100];
  PetscMPIInt     rank, size;
  PetscInt        lo, hi, nl;
  gsl_rng        *rng;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 77);
  PetscCall(PetscMalloc2((size_t)(M + 1) * J, &p, (size_t)M * J, &F));
  for (PetscInt j = 0; j < J; j++) {
    PetscReal v = gsl_ran_gaussian_ziggurat(rng, PetscSqrtReal(kT / m));
    for (PetscInt k = 0; k <= M; k++) {
      p[(size_t)k * J + j] = m * v;
      v                    = phi * v + gsl_ran_gaussian_ziggurat(rng, PetscSqrtReal(kT / m * (1 - phi * phi)));
    }
  }
  for (size_t q = 0; q < (size_t)M * J; q++) F[q] = (p[q + J] - p[q]) / dt;
  PetscCall(InmMemoryKernel(PETSC_COMM_SELF, J, M, F, p, dt, ncorr, Cs));

  lo = J * rank * rank / (size * size);
  hi = J * (rank + 1) * (rank + 1) / (size * size);
  nl = hi - lo;
  PetscCall(PetscMalloc2((size_t)M * nl, &pl, (size_t)M * nl, &Fl));
  for (PetscInt k = 0; k < M; k++)
    for (PetscInt j = lo; j < hi; j++) {
      pl[(size_t)k * nl + j - lo] = p[(size_t)k * J + j];
      Fl[(size_t)k * nl + j - lo] = F[(size_t)k * J + j];
    }
  PetscCall(InmMemoryKernel(PETSC_COMM_WORLD, nl, M, Fl, pl, dt, ncorr, Cp));
  INM_TEST(InmMaxRelDiff(ncorr, Cp, Cs) < 1e-12, "%d ranks holding %" PetscInt_FMT " of %" PetscInt_FMT " trajectories on rank %d: kernel equals the serial one to %.1e of Cbar(0)", size, nl, J, rank, (double)InmMaxRelDiff(ncorr, Cp, Cs));
  PetscCall(PetscFree2(p, F));
  PetscCall(PetscFree2(pl, Fl));
  gsl_rng_free(rng);
  return InmTestEnd();
}
