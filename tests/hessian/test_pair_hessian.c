/* Kob–Andersen Hessian and affine force field against central finite differences of the
 * project's own forces (independent route: no second derivative is used by the FD side).
 *
 * Tolerances: 1e-6 of max|H| (issue #2). With the smooth cutoff the FD truncation error is
 * h^2 phi''''/6 ~ 1e-10 relative at h = 1e-5 and round-off ~ eps |f| / h ~ 1e-10, far below.
 * With the truncated-and-shifted cutoff the force jumps at rc, so the step is chosen below
 * the smallest |r - rc_ab| of the configuration (SPEC §4), divided by the largest
 * displacement a strain of h causes (the box length) for the affine check. */
#include "testlib.h"

static PetscErrorCode MinGap(InmPotential pot, InmConfig *c, PetscReal *gap)
{
  const PetscReal rcs[3] = {2.5, 2.0, 2.2};

  PetscFunctionBegin;
  *gap = PETSC_MAX_REAL;
  for (PetscInt k = 0; k < 3; k++) {
    PetscReal g;
    PetscCall(InmTestMinCutoffGap(pot, c, rcs[k], &g));
    *gap = PetscMin(*gap, g);
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(InmTestBegin(&argc, &argv));
  for (PetscInt smooth = 0; smooth < 2; smooth++)
    for (PetscInt tilted = 0; tilted < 2; tilted++) {
      InmPotential pot;
      InmConfig   *c;
      PetscReal    err, asym, rowsum, h, ha, gap = 0, L;
      const char  *tag = smooth ? (tilted ? "smooth, tilted box" : "smooth, orthogonal box") : (tilted ? "shifted, tilted box" : "shifted, orthogonal box");

      PetscCall(InmPotentialCreateKA((PetscBool)smooth, 2.0, &pot));
      /* 256 atoms on a disordered FCC at rho = 1.2 with 20% B (4/a^3 = 1.2) */
      PetscCall(InmTestFCC(4, PetscCbrtReal(4.0 / 1.2), 0.12, tilted ? 0.15 : 0.0, 0.2, 11u + (unsigned)(2 * smooth + tilted), &c));
      L = PetscMax(c->box.cell[0][0], PetscMax(c->box.cell[1][1], c->box.cell[2][2])) * (1 + 2 * (tilted ? 0.15 : 0.0));
      if (smooth) {
        h  = 1e-5;
        ha = 1e-6;
      } else {
        PetscCall(MinGap(pot, c, &gap));
        h  = PetscMin(1e-6, 0.25 * gap);
        ha = PetscMin(1e-7, 0.25 * gap / L);
      }
      PetscCall(InmTestHessianFD(pot, c, h, &err, &asym, &rowsum));
      INM_TEST(err < 1e-6, "KA %s: |H - H_fd|/max|H| = %.2e (h = %.1e, cutoff gap %.1e)", tag, (double)err, (double)h, (double)gap);
      INM_TEST(asym < 1e-13, "KA %s: H symmetric, |H - H^T|/max|H| = %.2e", tag, (double)asym);
      INM_TEST(rowsum < 1e-13, "KA %s: acoustic sum rule, max |sum_j H_ij|/max|H| = %.2e", tag, (double)rowsum);
      for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) {
        PetscCall(InmTestAffineFD(pot, c, (InmChannel)ch, ha, &err));
        INM_TEST(err < 1e-6, "KA %s: Xi_%s vs FD of forces under strain (h = %.1e): %.2e", tag, InmChannelNames[ch], (double)ha, (double)err);
      }
      PetscCall(InmConfigDestroy(&c));
      PetscCall(InmPotentialDestroy(&pot));
    }
  return InmTestEnd();
}
