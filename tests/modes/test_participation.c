/* Participation ratio (Eq. 6) in its analytic limits: a uniform translation has P = 1, a
 * mode on one atom P = 1/N, a mode shared equally by k atoms P = k/N, and P does not
 * depend on the vector's normalisation. */
#include "testlib.h"

int main(int argc, char **argv)
{
  const PetscInt N = 500;
  PetscReal      v[3 * 500];

  PetscCall(InmTestBegin(&argc, &argv));
  for (PetscInt i = 0; i < N; i++) {
    v[3 * i]     = 1.0 / PetscSqrtReal(N);
    v[3 * i + 1] = v[3 * i + 2] = 0;
  }
  INM_TEST(PetscAbsReal(InmParticipationRatio(N, v) - 1) < 1e-14, "uniform translation: P = %.16f", (double)InmParticipationRatio(N, v));
  PetscCall(PetscArrayzero(v, 3 * N));
  v[3 * 17 + 1] = 1;
  INM_TEST(InmParticipationRatio(N, v) == 1.0 / N, "one-atom mode: P = %.16g = 1/N", (double)InmParticipationRatio(N, v));
  PetscCall(PetscArrayzero(v, 3 * N));
  for (PetscInt i = 0; i < 40; i++) {
    v[3 * (5 * i)]     = 0.6 * 7.0; /* unnormalised, with a direction spread over x and z */
    v[3 * (5 * i) + 2] = 0.8 * 7.0;
  }
  INM_TEST(PetscAbsReal(InmParticipationRatio(N, v) - 40.0 / N) < 1e-14, "mode on 40 atoms (not normalised): P = %.16f = 40/N", (double)InmParticipationRatio(N, v));
  return InmTestEnd();
}
