/* Configurations out of a LAMMPS instance, in atom-id order, replicated on every rank of the
 * instance: ids, types, per-type masses, wrapped positions with their image flags (unpacked
 * from LAMMPS's imageint: ix = (img & 1023) - 512, iy = (img >> 10 & 1023) - 512,
 * iz = (img >> 20) - 512 for the SMALLBIG build), velocities, forces, the box
 * (a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz)), step and time. And LAMMPS's own energy,
 * forces and pair virial for comparisons (W = P_virial V / nktv2p, energy units). */
#include "md_impl.h"
#include <lammps/library.h>

#define INM_IMGMASK 1023
#define INM_IMGMAX  512
#define INM_IMGBITS 10

PetscErrorCode InmLammpsGetConfig(InmLammps lmp, InmConfig **out)
{
  double     lo[3], hi[3], xy, yz, xz;
  int        pflags[3], boxflag, *ibuf;
  PetscInt   n = (PetscInt)lammps_get_natoms(lmp->handle);
  InmConfig *c;
  double    *mass;
  const char *units;

  PetscFunctionBegin;
  PetscCheck(n > 0, lmp->comm, PETSC_ERR_ARG_WRONGSTATE, "LAMMPS instance has no atoms");
  PetscCall(InmConfigCreate(n, PETSC_TRUE, PETSC_TRUE, PETSC_TRUE, &c));
  PetscCall(PetscMalloc1(n, &ibuf));
  lammps_gather_atoms(lmp->handle, (char *)"id", 0, 1, ibuf);
  for (PetscInt i = 0; i < n; i++) c->id[i] = ibuf[i];
  PetscCheck(c->id[0] == 1 && c->id[n - 1] == n, lmp->comm, PETSC_ERR_ARG_WRONGSTATE, "LAMMPS atom ids must be 1..N to be gathered");
  lammps_gather_atoms(lmp->handle, (char *)"type", 0, 1, ibuf);
  for (PetscInt i = 0; i < n; i++) {
    c->type[i] = ibuf[i];
    c->ntypes  = PetscMax(c->ntypes, c->type[i]);
  }
  lammps_gather_atoms(lmp->handle, (char *)"image", 0, 1, ibuf);
  for (PetscInt i = 0; i < n; i++) {
    const int img    = ibuf[i];
    c->image[3 * i]     = (img & INM_IMGMASK) - INM_IMGMAX;
    c->image[3 * i + 1] = (img >> INM_IMGBITS & INM_IMGMASK) - INM_IMGMAX;
    c->image[3 * i + 2] = (img >> 2 * INM_IMGBITS) - INM_IMGMAX;
  }
  PetscCall(PetscFree(ibuf));
  lammps_gather_atoms(lmp->handle, (char *)"x", 1, 3, c->x);
  lammps_gather_atoms(lmp->handle, (char *)"v", 1, 3, c->v);
  lammps_gather_atoms(lmp->handle, (char *)"f", 1, 3, c->f);
  mass = (double *)lammps_extract_atom(lmp->handle, "mass");
  PetscCheck(c->ntypes <= INM_MAX_TYPES, lmp->comm, PETSC_ERR_SUP, "more than %d atom types", INM_MAX_TYPES);
  for (PetscInt t = 1; t <= c->ntypes; t++) c->type_mass[t] = mass ? mass[t] : 0;
  for (PetscInt i = 0; i < n; i++) c->mass[i] = c->type_mass[c->type[i]];
  lammps_extract_box(lmp->handle, lo, hi, &xy, &yz, &xz, pflags, &boxflag);
  PetscCheck(pflags[0] && pflags[1] && pflags[2], lmp->comm, PETSC_ERR_SUP, "the LAMMPS box must be periodic in x, y and z");
  PetscCall(InmBoxFromLammps(lo, hi, xy, xz, yz, &c->box));
  c->step = (PetscInt)*(int64_t *)lammps_extract_global(lmp->handle, "ntimestep");
  c->time = c->step * *(double *)lammps_extract_global(lmp->handle, "dt");
  units   = (const char *)lammps_extract_global(lmp->handle, "units");
  PetscCall(PetscStrncpy(c->units, units ? units : "", sizeof(c->units)));
  PetscCall(PetscStrncpy(c->source, "LAMMPS", sizeof(c->source)));
  *out = c;
  PetscFunctionReturn(0);
}

PetscErrorCode InmLammpsEnergyForcesVirial(InmLammps lmp, PetscReal *pe, PetscReal *f, PetscReal virial[6])
{
  double  *p, nktv2p;
  InmConfig *c;

  PetscFunctionBegin;
  PetscCall(InmLammpsCommand(lmp, "compute inm_vir all pressure NULL virial"));
  PetscCall(InmLammpsCommand(lmp, "thermo_style custom step pe c_inm_vir[1] c_inm_vir[2] c_inm_vir[3] c_inm_vir[4] c_inm_vir[5] c_inm_vir[6]"));
  PetscCall(InmLammpsCommand(lmp, "thermo_modify norm no")); /* lj units normalise by N by default */
  PetscCall(InmLammpsCommand(lmp, "run 0 post no"));
  if (pe) *pe = lammps_get_thermo(lmp->handle, "pe");
  if (f) lammps_gather_atoms(lmp->handle, (char *)"f", 1, 3, f);
  if (virial) {
    PetscCall(InmLammpsGetConfig(lmp, &c));
    p      = (double *)lammps_extract_compute(lmp->handle, "inm_vir", 0, 1);
    nktv2p = *(double *)lammps_extract_global(lmp->handle, "nktv2p");
    PetscCheck(p, lmp->comm, PETSC_ERR_LIB, "LAMMPS: compute pressure gave no vector");
    for (int k = 0; k < 6; k++) virial[k] = p[k] * c->box.volume / nktv2p;
    PetscCall(InmConfigDestroy(&c));
  }
  PetscCall(InmLammpsCommand(lmp, "uncompute inm_vir"));
  PetscCall(InmLammpsCommand(lmp, "thermo_style one"));
  PetscFunctionReturn(0);
}

PetscErrorCode InmLammpsSetConfig(InmLammps lmp, InmPotential pot, const InmConfig *c)
{
  const PetscReal(*h)[3] = c->box.cell;
  const PetscReal *o     = c->box.origin;
  int             *id, *type, *image, created;

  PetscFunctionBegin;
  PetscCheck(h[0][1] == 0 && h[0][2] == 0 && h[1][2] == 0, lmp->comm, PETSC_ERR_SUP, "%s: LAMMPS needs edge a along x and b in the xy plane", c->source);
  PetscCall(InmLammpsCommand(lmp, "units %s", pot->units));
  PetscCall(InmLammpsCommand(lmp, "atom_style atomic"));
  PetscCall(InmLammpsCommand(lmp, "atom_modify map array"));
  if (h[1][0] == 0 && h[2][0] == 0 && h[2][1] == 0) PetscCall(InmLammpsCommand(lmp, "region inm_cfg block %.17g %.17g %.17g %.17g %.17g %.17g units box", o[0], o[0] + h[0][0], o[1], o[1] + h[1][1], o[2], o[2] + h[2][2]));
  else PetscCall(InmLammpsCommand(lmp, "region inm_cfg prism %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g units box", o[0], o[0] + h[0][0], o[1], o[1] + h[1][1], o[2], o[2] + h[2][2], h[1][0], h[2][0], h[2][1]));
  PetscCall(InmLammpsCommand(lmp, "create_box %" PetscInt_FMT " inm_cfg", PetscMax(c->ntypes, pot->ntypes)));
  PetscCall(PetscMalloc3(c->n, &id, c->n, &type, c->n, &image));
  for (PetscInt i = 0; i < c->n; i++) {
    id[i]    = (int)c->id[i];
    type[i]  = (int)c->type[i];
    image[i] = 0;
    if (c->image) /* LAMMPS's imageint (SMALLBIG): 10 bits per direction, offset 512 */
      image[i] = (int)(((c->image[3 * i + 2] + INM_IMGMAX) & INM_IMGMASK) << 2 * INM_IMGBITS | ((c->image[3 * i + 1] + INM_IMGMAX) & INM_IMGMASK) << INM_IMGBITS | ((c->image[3 * i] + INM_IMGMAX) & INM_IMGMASK));
  }
  PetscCall(InmLammpsCommand(lmp, "# inmvisc: %" PetscInt_FMT " atoms of %s", c->n, c->source));
  created = lammps_create_atoms(lmp->handle, (int)c->n, id, type, c->x, c->v, image, 0);
  PetscCall(PetscFree3(id, type, image));
  PetscCheck(created == c->n, lmp->comm, PETSC_ERR_LIB, "LAMMPS created %d of the %" PetscInt_FMT " atoms of %s (some outside the box?)", created, c->n, c->source);
  PetscCall(InmLammpsSetPotential(lmp, pot));
  PetscFunctionReturn(0);
}

PetscErrorCode InmLammpsThermo(InmLammps lmp, const char keyword[], PetscReal *value)
{
  PetscFunctionBegin;
  *value = lammps_get_thermo(lmp->handle, (char *)keyword);
  PetscFunctionReturn(0);
}

PetscErrorCode InmLammpsFixVectorValue(InmLammps lmp, const char fix[], PetscInt row, PetscInt col, PetscReal *value)
{
  double *v;

  PetscFunctionBegin;
  v = (double *)lammps_extract_fix(lmp->handle, fix, 0, 2, (int)row, (int)col); /* global array element: a copy */
  PetscCheck(v, lmp->comm, PETSC_ERR_LIB, "LAMMPS: fix %s has no row %" PetscInt_FMT ", column %" PetscInt_FMT, fix, row, col);
  *value = *v;
  lammps_free(v);
  PetscFunctionReturn(0);
}
