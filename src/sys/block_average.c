/* Mean of a time series and the standard error of that mean from block averages:
 * err = sqrt( sum_b (m_b - m)^2 / (nb (nb - 1)) ) over nb equal blocks (Flyvbjerg & Petersen,
 * J. Chem. Phys. 91, 461 (1989): blocks longer than the correlation time make the block
 * means independent). */
#include <inmvisc/sys.h>

void InmBlockAverage(PetscInt n, const PetscReal x[], PetscInt stride, PetscInt nb, PetscReal *mean, PetscReal *err)
{
  const PetscInt len = nb > 0 ? n / nb : 0;
  PetscReal      s = 0, s2 = 0;

  *mean = 0;
  for (PetscInt i = 0; i < n; i++) *mean += x[i * stride] / n;
  *err = 0;
  if (len < 1 || nb < 2) return;
  for (PetscInt b = 0; b < nb; b++) {
    PetscReal m = 0;
    for (PetscInt i = b * len; i < (b + 1) * len; i++) m += x[i * stride] / len;
    s += m / nb;
    s2 += m * m / nb;
  }
  *err = PetscSqrtReal(PetscMax(0, s2 - s * s) / (nb - 1));
}
