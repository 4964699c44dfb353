/* EAM Hessian (with its second-neighbour embedding blocks) and affine force field against
 * central finite differences of our forces, on a synthetic two-element setfl table whose
 * functions are cubic polynomials over the whole table:
 *   f_{a->b}(r) = c_ab (rc - r)^3,  r phi_ab(r) = A_ab (rc - r)^3 - B_ab (rc - r)^2,
 *   F_a(rho) = -rho + 0.05 rho^2 - 0.001 rho^3.
 * LAMMPS's spline reproduces a cubic exactly (its 5-point slope is exact to 4th order), so
 * the interpolated functions are C-infinity inside the cutoff and a finite difference with
 * h = 1e-5 has truncation error ~h^2 ~ 1e-10 and round-off ~eps |f|/h ~ 1e-10 (relative):
 * the 1e-6 tolerance of issue #2 then tests the analytic Hessian and Xi alone. (With a real
 * table the C1 splines jump in second derivative at knots: see test_eam_hessian.c.)
 * Both file layouts, eam/fs (density depends on both elements) and eam/alloy, are checked,
 * in an orthogonal and a tilted box. */
#include "testlib.h"

#define RC 5.5

static PetscErrorCode WriteSetfl(const char *path, PetscBool fs)
{
  FILE           *fp = fopen(path, "w");
  const PetscInt  nr = 2000, nrho = 2000;
  const PetscReal dr = 0.003, drho = 0.05, c[2][2] = {{0.010, 0.014}, {0.012, 0.008}}, A[2][2] = {{0.30, 0.25}, {0.25, 0.40}}, B[2][2] = {{0.10, 0.05}, {0.05, 0.12}};

  PetscFunctionBegin;
  PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s", path);
  fprintf(fp, "synthetic cubic EAM for finite-difference tests\n\n\n2 Aa Bb\n%d %.17g %d %.17g %.17g\n", (int)nrho, (double)drho, (int)nr, (double)dr, (double)RC);
  for (int a = 0; a < 2; a++) {
    fprintf(fp, "1 %g 1.0 fcc\n", a ? 40.0 : 25.0);
    for (PetscInt m = 0; m < nrho; m++) {
      const PetscReal rho = m * drho;
      fprintf(fp, "%.17g\n", (double)((-1.0 - 0.1 * a) * rho + 0.05 * rho * rho - 0.001 * rho * rho * rho));
    }
    for (int b = 0; b < (fs ? 2 : 1); b++)
      for (PetscInt m = 0; m < nr; m++) fprintf(fp, "%.17g\n", (double)(c[a][fs ? b : a] * PetscPowReal(RC - m * dr, 3)));
  }
  for (int a = 0; a < 2; a++)
    for (int b = 0; b <= a; b++)
      for (PetscInt m = 0; m < nr; m++) {
        const PetscReal t = RC - m * dr;
        fprintf(fp, "%.17g\n", (double)(A[a][b] * t * t * t - B[a][b] * t * t));
      }
  fclose(fp);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char *el[2] = {"Aa", "Bb"};

  PetscCall(InmTestBegin(&argc, &argv));
  for (int fs = 0; fs < 2; fs++) {
    InmPotential pot;
    const char  *file = fs ? "cubic.eam.fs" : "cubic.eam.alloy";
    PetscCall(WriteSetfl(file, (PetscBool)fs));
    PetscCall(InmPotentialCreateEAM(file, fs ? "eam/fs" : "eam/alloy", 2, el, &pot));
    for (int tilted = 0; tilted < 2; tilted++) {
      InmConfig *c;
      PetscReal  err, asym, rowsum;
      char       tag[64];
      /* 108 atoms, FCC a = 4 A jittered by 0.3 A, 40% of type 2; box 12 A > 2 x 5.5 A */
      PetscCall(InmTestFCC(3, 4.0, 0.3, tilted ? 0.12 : 0.0, 0.4, 21u + (unsigned)(2 * fs + tilted), &c));
      PetscCall(PetscStrncpy(c->units, "metal", sizeof(c->units)));
      for (PetscInt i = 0; i < c->n; i++) c->mass[i] = 0; /* the potential's masses (the test config's are 1.0) */
      PetscCall(PetscSNPrintf(tag, sizeof(tag), "%s, %s box", fs ? "eam/fs" : "eam/alloy", tilted ? "tilted" : "orthogonal"));
      PetscCall(InmTestHessianFD(pot, c, 1e-5, &err, &asym, &rowsum));
      INM_TEST(err < 1e-6, "%s: |H - H_fd|/max|H| = %.2e (h = 1e-5 A)", tag, (double)err);
      INM_TEST(asym < 1e-13 && rowsum < 1e-13, "%s: H symmetric (%.1e) and rows sum to zero (%.1e)", tag, (double)asym, (double)rowsum);
      for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) {
        PetscCall(InmTestAffineFD(pot, c, (InmChannel)ch, 1e-6, &err));
        INM_TEST(err < 1e-6, "%s: Xi_%s vs FD of forces under strain with remap (h = 1e-6): %.2e", tag, InmChannelNames[ch], (double)err);
      }
      PetscCall(InmConfigDestroy(&c));
    }
    PetscCall(InmPotentialDestroy(&pot));
  }
  return InmTestEnd();
}
