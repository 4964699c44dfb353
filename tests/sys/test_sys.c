/* src/sys against independent values:
 *  - InmBlockAverage on x_i = i, i = 0..99, in 10 blocks: mean 49.5, block means 4.5 + 10 b,
 *    whose spread gives err = sqrt(Var_b / (nb - 1)) = sqrt(825 / 9) exactly (Var of 10 means
 *    10 apart is 100 (nb^2 - 1)/12 = 825); the same through a stride of 3; no error with one
 *    block. On 1e5 independent Gaussian numbers (Box-Muller) the error must estimate
 *    1/sqrt(n): with 10 blocks the ratio follows chi_9/3, which lies in [0.45, 1.55] with
 *    probability 0.998 (a fixed seed makes the test deterministic).
 *  - InmIdentityHash: FNV-1a's steps with the project's offset basis 1469598103934665603 (the
 *    published 14695981039346656037 with its last digit lost, kept for the campaigns on disk;
 *    src/sys/campaign_common.c), against values computed independently in Python's integers:
 *    "" -> 14650fb0739d0383 (the basis itself), "a" -> 44bd8ad473cd9906, "foobar" ->
 *    88fad7c0a8ff07f2. (With the published basis they would be FNV's own test vectors
 *    cbf29ce484222325, af63dc4c8601ec8c, 85944171f73967e8, which is how the slip was found.)
 *  - InmPartialPath appends ".partial" and refuses an empty path; InmChoiceIndex finds a choice
 *    and names every choice when the value is not one of them. */
#include "testlib.h"

int main(int argc, char **argv)
{
  PetscReal x[300], mean, err;

  PetscCall(InmTestBegin(&argc, &argv));
  for (PetscInt i = 0; i < 100; i++) x[i] = (PetscReal)i;
  InmBlockAverage(100, x, 1, 10, &mean, &err);
  INM_TEST(PetscAbsReal(mean - 49.5) < 1e-12 && PetscAbsReal(err - PetscSqrtReal(825.0 / 9)) < 1e-12, "block average of 0..99 in 10 blocks: %.12g +- %.12g (49.5 +- %.12g)", (double)mean, (double)err, (double)PetscSqrtReal(825.0 / 9));
  for (PetscInt i = 0; i < 100; i++) x[3 * i] = (PetscReal)i, x[3 * i + 1] = -1, x[3 * i + 2] = 1e9;
  InmBlockAverage(100, x, 3, 10, &mean, &err);
  INM_TEST(PetscAbsReal(mean - 49.5) < 1e-12 && PetscAbsReal(err - PetscSqrtReal(825.0 / 9)) < 1e-12, "  the same through stride 3: %.12g +- %.12g", (double)mean, (double)err);
  InmBlockAverage(100, x, 3, 1, &mean, &err);
  INM_TEST(err == 0, "  one block: no error (%g)", (double)err);
  {
    const PetscInt n = 100000;
    PetscReal     *g;
    unsigned long long s = 12345;
    PetscCall(PetscMalloc1(n, &g));
    for (PetscInt i = 0; i < n; i += 2) {
      PetscReal u[2];
      for (int k = 0; k < 2; k++) {
        s    = s * 6364136223846793005ULL + 1442695040888963407ULL;
        u[k] = ((s >> 11) + 0.5) / 9007199254740992.0;
      }
      g[i]     = PetscSqrtReal(-2 * PetscLogReal(u[0])) * PetscCosReal(2 * PETSC_PI * u[1]);
      g[i + 1] = PetscSqrtReal(-2 * PetscLogReal(u[0])) * PetscSinReal(2 * PETSC_PI * u[1]);
    }
    InmBlockAverage(n, g, 1, 10, &mean, &err);
    INM_TEST(err * PetscSqrtReal((PetscReal)n) > 0.45 && err * PetscSqrtReal((PetscReal)n) < 1.55 && PetscAbsReal(mean) < 4 / PetscSqrtReal((PetscReal)n), "white noise, n = 1e5: mean %.2e, error %.3e against 1/sqrt(n) = %.3e", (double)mean, (double)err, 1 / PetscSqrtReal((PetscReal)n));
    PetscCall(PetscFree(g));
  }
  {
    const char *text[3] = {"", "a", "foobar"}, *want[3] = {"14650fb0739d0383", "44bd8ad473cd9906", "88fad7c0a8ff07f2"};
    for (int k = 0; k < 3; k++) {
      char id[17];
      InmIdentityHash(text[k], id);
      INM_TEST(!strcmp(id, want[k]), "identity hash of \"%s\": %s (%s)", text[k], id, want[k]);
    }
  }
  {
    char        partial[64];
    const char *choices[3] = {"metis", "mumps", "amd"}, *msg;
    PetscInt    idx        = -1;
    PetscCall(InmPartialPath("dir/out.h5", partial, sizeof(partial)));
    INM_TEST(!strcmp(partial, "dir/out.h5.partial"), "partial path %s", partial);
    PetscCall(InmTestErrorBegin());
    (void)InmPartialPath("", partial, sizeof(partial));
    msg = InmTestErrorEnd();
    INM_TEST(strstr(msg, "empty output path") != NULL, "an empty output path is refused: %s", msg);
    PetscCall(InmChoiceIndex(PETSC_COMM_WORLD, "-ordering", "mumps", 3, choices, &idx));
    INM_TEST(idx == 1, "choice 'mumps' is index %" PetscInt_FMT, idx);
    PetscCall(InmTestErrorBegin());
    (void)InmChoiceIndex(PETSC_COMM_WORLD, "-ordering", "scotch", 3, choices, &idx);
    msg = InmTestErrorEnd();
    INM_TEST(strstr(msg, "-ordering 'scotch' is not known (metis, mumps, amd)") != NULL, "an unknown choice names them all: %s", msg);
  }
  return InmTestEnd();
}
