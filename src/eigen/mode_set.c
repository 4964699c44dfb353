/* Per-mode quantities of one snapshot (SPEC §6), formed for every solver by InmModesSetMode:
 *   P_p = [N sum_i (e_i . e_i)^2]^-1 / normalised: P = |v|^4 / (N sum_i |e_i|^4)   (Eq. 6)
 * which is 1 for a uniform translation and 1/N for a mode on one atom. */
#include <inmvisc/eigen.h>

PetscErrorCode InmModesCreate(PetscInt natoms, PetscInt nmodes, InmModes **out)
{
  InmModes *m;

  PetscFunctionBegin;
  PetscCall(PetscNew(&m));
  m->natoms = natoms;
  m->nmodes = nmodes;
  m->unstable_count = -1;
  PetscCall(PetscCalloc3(nmodes, &m->lambda, nmodes, &m->omega, nmodes, &m->participation));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(PetscCalloc1(nmodes, &m->gamma[c]));
  *out = m;
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesDestroy(InmModes **m)
{
  PetscFunctionBegin;
  if (!*m) PetscFunctionReturn(0);
  PetscCall(PetscFree3((*m)->lambda, (*m)->omega, (*m)->participation));
  PetscCall(PetscFree2((*m)->vec_index, (*m)->vectors));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(PetscFree((*m)->gamma[c]));
  for (PetscInt c = 0; c < 3; c++) PetscCall(InmChebyshevMomentsDestroy(&(*m)->kpm_shear[c]));
  PetscCall(InmChebyshevMomentsDestroy(&(*m)->kpm_dos));
  PetscCall(InmChebyshevMomentsDestroy(&(*m)->kpm_sites));
  PetscCall(PetscFree(*m));
  PetscFunctionReturn(0);
}

void InmParticipationSums(PetscInt natoms, const PetscReal v[], PetscReal *s2, PetscReal *s4)
{
  PetscReal a2 = 0, a4 = 0;
  for (PetscInt i = 0; i < natoms; i++) {
    const PetscReal a = v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2];
    a2 += a;
    a4 += a * a;
  }
  *s2 = a2;
  *s4 = a4;
}

PetscReal InmParticipationRatio(PetscInt natoms, const PetscReal v[])
{
  PetscReal s2, s4;
  InmParticipationSums(natoms, v, &s2, &s4);
  return InmParticipationFromSums(natoms, s2, s4);
}

void InmModesSetMode(InmModes *m, PetscInt p, PetscReal lambda, PetscReal s2, PetscReal s4, const PetscReal proj[INM_NCHANNEL], PetscReal norm2)
{
  m->lambda[p]        = lambda;
  m->omega[p]         = lambda < 0 ? -PetscSqrtReal(-lambda) : PetscSqrtReal(lambda);
  m->participation[p] = InmParticipationFromSums(m->natoms, s2, s4);
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) m->gamma[c][p] = proj ? proj[c] * proj[c] / norm2 : 0.0;
}

PetscErrorCode InmModesRequestVectors(MPI_Comm comm, const InmEigenOptions *o, InmModes *m)
{
  const PetscInt n = o ? o->nvectors : 0;

  PetscFunctionBegin;
  if (!n) PetscFunctionReturn(0);
  for (PetscInt k = 0; k < n; k++) PetscCheck(o->vectors[k] >= 0 && o->vectors[k] < m->nmodes, comm, PETSC_ERR_USER_INPUT, "-inm_vectors: mode %" PetscInt_FMT " does not exist; this solve has %" PetscInt_FMT " modes (0 to %" PetscInt_FMT ")", o->vectors[k], m->nmodes, m->nmodes - 1);
  PetscCall(PetscFree2(m->vec_index, m->vectors));
  PetscCall(PetscCalloc2(n, &m->vec_index, (size_t)n * 3 * m->natoms, &m->vectors));
  PetscCall(PetscArraycpy(m->vec_index, o->vectors, n));
  m->nvec = n;
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesStoreVector(InmModes *m, PetscInt k, const PetscReal v[])
{
  const PetscInt n   = 3 * m->natoms;
  PetscInt       big = 0;

  PetscFunctionBegin;
  for (PetscInt i = 1; i < n; i++)
    if (PetscAbsReal(v[i]) > PetscAbsReal(v[big])) big = i;
  for (PetscInt i = 0; i < n; i++) m->vectors[(size_t)k * n + i] = v[big] < 0 ? -v[i] : v[i];
  PetscFunctionReturn(0);
}
