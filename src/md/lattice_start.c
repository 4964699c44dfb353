/* Lattice starts of the MD protocols (SPEC §7; paper App. A, B):
 *   ka / lj : units lj, FCC lattice at number density rho (4 n^3 atoms); for KA exactly
 *             round(0.2 N) atoms become type B, chosen by a seeded Fisher-Yates shuffle of
 *             the ids (the same ids whatever the number of ranks)
 *   eam/... : units metal, B2 lattice (bcc with types 1 and 2 on the two sites, 2 n^3 atoms,
 *             so exactly 50:50), lattice constant (2/rho)^(1/3), or 3.23 A if rho = 0
 * A size that is not f n^3 is refused with the nearest valid sizes. */
#include "md_impl.h"

static unsigned Next(unsigned *s)
{
  *s = *s * 1664525u + 1013904223u;
  return *s >> 8;
}

/* Exactly nb atoms of type 2, chosen by a Fisher-Yates shuffle of the ids 1..N. */
static PetscErrorCode AssignTypeB(InmLammps lmp, PetscInt natoms, PetscInt nb, PetscInt seed)
{
  PetscInt *ids;
  unsigned  s = (unsigned)seed * 2654435761u + 17u;
  char      cmd[4096];
  size_t    len = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(natoms, &ids));
  for (PetscInt i = 0; i < natoms; i++) ids[i] = i + 1;
  for (PetscInt i = natoms - 1; i > 0; i--) {
    PetscInt j = (PetscInt)(Next(&s) % (unsigned)(i + 1)), t = ids[i];
    ids[i]     = ids[j];
    ids[j]     = t;
  }
  PetscCall(PetscSortInt(nb, ids));
  for (PetscInt k = 0; k < nb; k++) {
    if (!len) len = (size_t)snprintf(cmd, sizeof(cmd), "group inm_b id");
    len += (size_t)snprintf(cmd + len, sizeof(cmd) - len, " %" PetscInt_FMT, ids[k]);
    if (len > sizeof(cmd) - 32 || k == nb - 1) {
      PetscCall(InmLammpsCommand(lmp, "%s", cmd));
      len = 0;
    }
  }
  if (nb > 0) {
    PetscCall(InmLammpsCommand(lmp, "set group inm_b type 2"));
    PetscCall(InmLammpsCommand(lmp, "group inm_b delete"));
  }
  PetscCall(PetscFree(ids));
  PetscFunctionReturn(0);
}

PetscErrorCode InmLammpsLatticeStart(InmLammps lmp, InmPotential pot, PetscInt natoms, PetscReal density, PetscInt seed)
{
  const InmMDPreset *preset = InmMDPresetGet(pot);
  const PetscBool    b2     = (PetscBool)(preset->family == INM_POTENTIAL_EAM);
  PetscBool          ka;
  PetscInt           n;

  PetscFunctionBegin;
  PetscCall(PetscStrcmp(pot->name, "ka", &ka));
  PetscCall(InmMDPresetCells(lmp->comm, preset, "lattice start:", natoms, &n));
  PetscCheck(b2 || pot->ntypes <= 2, lmp->comm, PETSC_ERR_SUP, "lattice start: %s has %" PetscInt_FMT " types; only one- and two-type models are set up here", pot->name, pot->ntypes);
  PetscCall(InmLammpsCommand(lmp, "units %s", pot->units));
  PetscCall(InmLammpsCommand(lmp, "atom_style atomic"));
  PetscCall(InmLammpsCommand(lmp, "atom_modify map array"));
  if (b2) {
    const PetscReal a = density > 0 ? PetscCbrtReal(2.0 / density) : 3.23;
    PetscCheck(pot->ntypes == 2, lmp->comm, PETSC_ERR_SUP, "lattice start: the B2 start needs a two-element EAM potential (%s has %" PetscInt_FMT ")", pot->name, pot->ntypes);
    PetscCall(InmLammpsCommand(lmp, "lattice bcc %.17g", (double)a));
    PetscCall(InmLammpsCommand(lmp, "region inm_box block 0 %" PetscInt_FMT " 0 %" PetscInt_FMT " 0 %" PetscInt_FMT, n, n, n));
    PetscCall(InmLammpsCommand(lmp, "create_box 2 inm_box"));
    PetscCall(InmLammpsCommand(lmp, "create_atoms 1 box basis 1 1 basis 2 2"));
  } else {
    PetscCheck(density > 0, lmp->comm, PETSC_ERR_USER_INPUT, "lattice start: the LJ density must be positive (%g)", (double)density);
    PetscCall(InmLammpsCommand(lmp, "lattice fcc %.17g", (double)density));
    PetscCall(InmLammpsCommand(lmp, "region inm_box block 0 %" PetscInt_FMT " 0 %" PetscInt_FMT " 0 %" PetscInt_FMT, n, n, n));
    PetscCall(InmLammpsCommand(lmp, "create_box %" PetscInt_FMT " inm_box", pot->ntypes));
    PetscCall(InmLammpsCommand(lmp, "create_atoms 1 box"));
    if (ka) PetscCall(AssignTypeB(lmp, natoms, (PetscInt)PetscFloorReal(0.2 * natoms + 0.5), seed));
  }
  PetscCall(InmLammpsSetPotential(lmp, pot));
  PetscFunctionReturn(0);
}
