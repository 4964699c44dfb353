/* Periodic triclinic cell (SPEC §3): edge vectors a, b, c as rows of `cell`.
 *   r = origin + h s,  h = [a b c] (columns),  s = h^-1 (r - origin)
 *   volume = a . (b x c),  width_a = V / |b x c| (distance between the faces spanned by b, c)
 * LAMMPS restricted triclinic: a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz).
 */
#include <inmvisc/box.h>

static void Cross(const PetscReal u[3], const PetscReal v[3], PetscReal w[3])
{
  w[0] = u[1] * v[2] - u[2] * v[1];
  w[1] = u[2] * v[0] - u[0] * v[2];
  w[2] = u[0] * v[1] - u[1] * v[0];
}

PetscErrorCode InmBoxSetUp(InmBox *box)
{
  PetscReal bc[3], ca[3], ab[3], V;

  PetscFunctionBegin;
  Cross(box->cell[1], box->cell[2], bc);
  Cross(box->cell[2], box->cell[0], ca);
  Cross(box->cell[0], box->cell[1], ab);
  V = box->cell[0][0] * bc[0] + box->cell[0][1] * bc[1] + box->cell[0][2] * bc[2];
  PetscCheck(V > 0 && PetscIsNormalReal(V), PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "box is singular or left-handed (volume %g)", (double)V);
  box->volume = V;
  /* inverse of h (columns a,b,c): rows of h^-1 are (b x c, c x a, a x b) / V */
  for (PetscInt k = 0; k < 3; k++) {
    box->inv[0][k] = bc[k] / V;
    box->inv[1][k] = ca[k] / V;
    box->inv[2][k] = ab[k] / V;
  }
  box->width[0] = V / PetscSqrtReal(bc[0] * bc[0] + bc[1] * bc[1] + bc[2] * bc[2]);
  box->width[1] = V / PetscSqrtReal(ca[0] * ca[0] + ca[1] * ca[1] + ca[2] * ca[2]);
  box->width[2] = V / PetscSqrtReal(ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2]);
  PetscFunctionReturn(0);
}

PetscErrorCode InmBoxFromLammps(const PetscReal lo[3], const PetscReal hi[3], PetscReal xy, PetscReal xz, PetscReal yz, InmBox *box)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(box, sizeof(*box)));
  for (PetscInt k = 0; k < 3; k++) {
    PetscCheck(hi[k] > lo[k], PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "box length along %c is not positive (lo %g, hi %g)", (char)('x' + k), (double)lo[k], (double)hi[k]);
    box->origin[k] = lo[k];
  }
  box->cell[0][0] = hi[0] - lo[0];
  box->cell[1][0] = xy;
  box->cell[1][1] = hi[1] - lo[1];
  box->cell[2][0] = xz;
  box->cell[2][1] = yz;
  box->cell[2][2] = hi[2] - lo[2];
  PetscCall(InmBoxSetUp(box));
  PetscFunctionReturn(0);
}

void InmBoxToFractional(const InmBox *box, const PetscReal r[3], PetscReal s[3])
{
  const PetscReal d[3] = {r[0] - box->origin[0], r[1] - box->origin[1], r[2] - box->origin[2]};
  for (PetscInt k = 0; k < 3; k++) s[k] = box->inv[k][0] * d[0] + box->inv[k][1] * d[1] + box->inv[k][2] * d[2];
}

void InmBoxToCartesian(const InmBox *box, const PetscReal s[3], PetscReal r[3])
{
  for (PetscInt k = 0; k < 3; k++) r[k] = box->origin[k] + s[0] * box->cell[0][k] + s[1] * box->cell[1][k] + s[2] * box->cell[2][k];
}

PetscBool InmBoxIsLammpsForm(const InmBox *box)
{
  return (box->cell[0][1] == 0 && box->cell[0][2] == 0 && box->cell[1][2] == 0) ? PETSC_TRUE : PETSC_FALSE;
}

PetscReal InmBoxMinWidth(const InmBox *box)
{
  return PetscMin(box->width[0], PetscMin(box->width[1], box->width[2]));
}
