/* Participation ratio (Eq. 6) in its analytic limits: a uniform translation has P = 1, a
 * mode on one atom P = 1/N, a mode shared equally by k atoms P = k/N, and P does not
 * depend on the vector's normalisation; an arbitrary vector gives Eq. 6 written out. */
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
  { /* an arbitrary vector: Eq. 6 on the normalised vector, written out; and 1/N <= P <= 1 */
    PetscReal nrm2 = 0, s4 = 0, P, Pref, Pscaled;
    for (PetscInt k = 0; k < 3 * N; k++) {
      v[k] = PetscSinReal(0.731 * k * k + 0.2) * PetscExpReal(-0.004 * k);
      nrm2 += v[k] * v[k];
    }
    for (PetscInt i = 0; i < N; i++) {
      const PetscReal a = (v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]) / nrm2;
      s4 += a * a;
    }
    Pref = 1.0 / (N * s4);
    P    = InmParticipationRatio(N, v);
    for (PetscInt k = 0; k < 3 * N; k++) v[k] *= 1e-3;
    Pscaled = InmParticipationRatio(N, v);
    INM_TEST(PetscAbsReal(P - Pref) < 1e-14 && PetscAbsReal(Pscaled - P) < 1e-14 && P >= 1.0 / N && P <= 1, "arbitrary vector: P = %.15f = [N sum (e.e)^2]^-1 of the normalised vector (%.15f), unchanged by scaling", (double)P, (double)Pref);
  }
  return InmTestEnd();
}
