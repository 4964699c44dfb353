/* Plumbing every campaign shares (`modes`, `prepare`; SPEC §11):
 *   rank groups  MPI_COMM_WORLD split into G contiguous blocks of ranks, so a group stays on as
 *                few nodes as possible: rank r is in group floor(r G / P)
 *   identity     the 64-bit FNV-1a-type hash (InmIdentityHash) of a campaign's canonical text (its tasks and every
 *                option that changes the numbers), as 16 hex digits; stored in every file a
 *                campaign writes, so a resumed run recognises its own files and refuses others. */
#include <inmvisc/sys.h>

PetscErrorCode InmRankGroupsSplit(MPI_Comm world, PetscInt ngroups, MPI_Comm *group, PetscMPIInt *color)
{
  PetscMPIInt size, rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(world, &size));
  PetscCallMPI(MPI_Comm_rank(world, &rank));
  PetscCheck(ngroups >= 1 && ngroups <= size, world, PETSC_ERR_USER_INPUT, "-groups %" PetscInt_FMT ": must be between 1 and the %d ranks", ngroups, (int)size);
  *color = (PetscMPIInt)(((PetscInt64)rank * ngroups) / size);
  PetscCallMPI(MPI_Comm_split(world, *color, rank, group));
  PetscFunctionReturn(0);
}

/* FNV-1a's xor-then-multiply by the 64-bit FNV prime, from the offset basis 1469598103934665603:
 * the published basis, 14695981039346656037, with its last digit lost. Found by tests/sys
 * against the published test vectors; kept, because every campaign identity and every prepare
 * task seed already made depends on it (a corrected basis would refuse every campaign on disk
 * and change every trajectory). Still a fine 64-bit hash for its purpose. */
void InmIdentityHash(const char text[], char id[17])
{
  unsigned long long h = 1469598103934665603ULL;
  for (const char *s = text; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  snprintf(id, 17, "%016llx", h);
}

PetscErrorCode InmIdentityAppendOptions(PetscInt n, const char *const names[], char *text, size_t len, size_t *used)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < n; k++) {
    char      value[PETSC_MAX_PATH_LEN];
    PetscBool set;
    PetscCall(PetscOptionsGetString(NULL, NULL, names[k], value, sizeof(value), &set));
    if (set && *used < len) *used += (size_t)snprintf(text + *used, len - *used, "%s %s\n", names[k], value);
  }
  PetscCheck(*used < len, PETSC_COMM_SELF, PETSC_ERR_PLIB, "campaign identity text longer than %zu characters", len);
  PetscFunctionReturn(0);
}
