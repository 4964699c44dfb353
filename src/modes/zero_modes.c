/* The zero-mode threshold shared by everything that classifies modes (the `modes` table,
 * the spectra, the campaign's grid): |lambda| <= tol max|lambda| is a translational zero
 * mode (SPEC §4), neither stable nor unstable. Relative to the largest computed |lambda|, so
 * that one tol serves every units style: the zero modes sit at ~1e-12 of it. */
#include <inmvisc/modes.h>

PetscReal InmModesZeroThreshold(const InmModes *m, PetscReal tol)
{
  PetscReal lmax = 0;
  for (PetscInt p = 0; p < m->nmodes; p++) lmax = PetscMax(lmax, PetscAbsReal(m->lambda[p]));
  return tol * lmax;
}
