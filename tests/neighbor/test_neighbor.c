/* Neighbour list against the brute-force O(N^2) search over all 27 images (an independent
 * route), in orthogonal and tilted boxes; and the two input errors it is responsible for. */
#include "testlib.h"

static PetscErrorCode BruteForceCount(const InmConfig *c, PetscReal rc, PetscInt *npairs, PetscReal *rsum)
{
  PetscFunctionBegin;
  *npairs = 0;
  *rsum   = 0;
  for (PetscInt i = 0; i < c->n; i++)
    for (PetscInt j = 0; j < c->n; j++)
      for (PetscInt s0 = -4; s0 <= 4; s0++) /* atoms are up to 3 boxes away (Unwrap) */
        for (PetscInt s1 = -4; s1 <= 4; s1++)
          for (PetscInt s2 = -4; s2 <= 4; s2++) {
            PetscReal d[3], r;
            if (i == j && !s0 && !s1 && !s2) continue;
            for (PetscInt a = 0; a < 3; a++) d[a] = c->x[3 * j + a] - c->x[3 * i + a] + s0 * c->box.cell[0][a] + s1 * c->box.cell[1][a] + s2 * c->box.cell[2][a];
            r = PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
            if (r < rc) {
              (*npairs)++;
              *rsum += r;
            }
          }
  PetscFunctionReturn(0);
}

/* Positions in the lattice lie inside the box; move a few atoms out by whole box vectors
 * so the list has to wrap them. */
static void Unwrap(InmConfig *c)
{
  for (PetscInt i = 0; i < c->n; i += 7)
    for (PetscInt a = 0; a < 3; a++) c->x[3 * i + a] += (i % 3 - 1) * c->box.cell[i % 3][a] + 2 * c->box.cell[2][a];
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;

  PetscCall(InmTestBegin(&argc, &argv));
  for (PetscInt t = 0; t < 2; t++) {
    InmConfig       *c;
    InmNeighborList *nl;
    PetscInt         np, asym = 0;
    PetscReal        rsum, lsum = 0, rc = 1.8, dmax = 0;
    PetscCall(InmTestFCC(3, 1.6, 0.15, t ? 0.3 : 0.0, 0.2, 7u + (unsigned)t, &c));
    Unwrap(c);
    PetscCall(InmNeighborListBuild(c, rc, 0.0, &nl));
    PetscCall(BruteForceCount(c, rc, &np, &rsum));
    for (PetscInt k = 0; k < nl->start[nl->n]; k++) {
      lsum += nl->r[k];
      /* the reverse entry points back with the opposite vector */
      for (PetscInt a = 0; a < 3; a++) dmax = PetscMax(dmax, PetscAbsReal(nl->d[3 * k + a] + nl->d[3 * nl->rev[k] + a]));
    }
    for (PetscInt i = 0; i < nl->n; i++)
      for (PetscInt k = nl->start[i]; k < nl->start[i + 1]; k++)
        if (nl->j[nl->rev[k]] != i) asym++;
    INM_TEST(nl->start[nl->n] == np, "%s box: %" PetscInt_FMT " list entries, brute force %" PetscInt_FMT, t ? "tilted" : "orthogonal", nl->start[nl->n], np);
    INM_TEST(PetscAbsReal(lsum - rsum) < 1e-9 * rsum, "%s box: sum of distances %.12g vs brute force %.12g", t ? "tilted" : "orthogonal", (double)lsum, (double)rsum);
    INM_TEST(asym == 0 && dmax < 1e-12, "reverse entries: %" PetscInt_FMT " wrong, max |d_ij + d_ji| = %g", asym, (double)dmax);
    PetscCall(InmNeighborListDestroy(&nl));

    /* a box narrower than 2 rc is refused */
    PetscCall(InmTestErrorBegin());
    ierr = InmNeighborListBuild(c, 2.5, 0.0, &nl);
    INM_TEST(ierr == PETSC_ERR_USER_INPUT && strstr(InmTestErrorEnd(), "less than twice the interaction range"), "box of width %g with range 2.5 refused (error %d)", (double)InmBoxMinWidth(&c->box), (int)ierr);
    PetscCall(InmConfigDestroy(&c));
  }
  {
    InmConfig       *c;
    InmNeighborList *nl;
    const char      *msg;
    PetscCall(InmTestFCC(3, 1.6, 0.0, 0.0, 0.0, 1u, &c));
    c->x[3 * 10 + 0] = c->x[3 * 4 + 0] + 0.1; /* atom id 11 lands 0.1 from atom id 5 */
    c->x[3 * 10 + 1] = c->x[3 * 4 + 1];
    c->x[3 * 10 + 2] = c->x[3 * 4 + 2];
    PetscCall(InmTestErrorBegin());
    ierr = InmNeighborListBuild(c, 1.8, 0.5, &nl);
    msg  = InmTestErrorEnd();
    INM_TEST(ierr == PETSC_ERR_FILE_UNEXPECTED && strstr(msg, "atoms 5 and 11 are 0.1 apart"), "two atoms 0.1 apart refused, naming both ids: \"%s\"", msg);
    PetscCall(InmConfigDestroy(&c));
  }
  return InmTestEnd();
}
