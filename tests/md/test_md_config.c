/* LAMMPS as a library: what InmLammpsGetConfig returns against LAMMPS's own per-atom view
 * (compute property/atom xu yu zu: unwrapped positions), the quick liquids' composition,
 * temperature and that they really melted, and the same state read on 1 and on all ranks. */
#include "testlib.h"
#include <lammps/library.h>
#include "../../src/md/md_impl.h"

/* x + image . cell must equal LAMMPS's unwrapped coordinates, atom by atom (local atoms of
 * each rank, matched by id). */
static PetscErrorCode CheckUnwrapped(InmLammps lmp, const InmConfig *c, const char *tag)
{
  double  **xu;
  int      *id, nlocal;
  PetscReal err = 0, L = c->box.cell[0][0];

  PetscFunctionBegin;
  PetscCall(InmLammpsCommand(lmp, "compute inm_xu all property/atom xu yu zu"));
  PetscCall(InmLammpsCommand(lmp, "run 0 post no"));
  xu     = (double **)lammps_extract_compute(lmp->handle, "inm_xu", 1, 2);
  id     = (int *)lammps_extract_atom(lmp->handle, "id");
  nlocal = *(int *)lammps_extract_global(lmp->handle, "nlocal");
  for (int k = 0; k < nlocal; k++) {
    const PetscInt i = id[k] - 1;
    for (PetscInt a = 0; a < 3; a++) {
      PetscReal x = c->x[3 * i + a];
      for (PetscInt b = 0; b < 3; b++) x += c->image[3 * i + b] * c->box.cell[b][a];
      err = PetscMax(err, PetscAbsReal(x - xu[k][a]));
    }
  }
  PetscCall(InmLammpsCommand(lmp, "uncompute inm_xu"));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &err, 1, MPIU_REAL, MPI_MAX, lmp->comm));
  INM_TEST(err < 1e-12 * L, "%s: x + image . cell equals LAMMPS's xu yu zu (max diff %.1e)", tag, (double)err);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char  *cuzr[2] = {"Cu", "Zr"};
  InmPotential ka, eam;
  InmLammps    lmp;
  InmConfig   *c0, *c, *cs;
  PetscMPIInt  size;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(InmPotentialCreateKA(PETSC_FALSE, 2.0, &ka));
  PetscCall(InmPotentialCreateEAM("CuZr_mm.eam.fs", "eam/fs", 2, cuzr, &eam));

  /* KA: composition, temperature, melting; then a tilted box and a run that crosses faces */
  PetscCall(InmLammpsOpen(PETSC_COMM_WORLD, &lmp));
  PetscCall(InmLammpsQuickLiquid(lmp, ka, 256, 1.2, 3.0, 1.0, 0, 8));
  PetscCall(InmLammpsGetConfig(lmp, &c0));
  PetscCall(InmLammpsCommands(lmp, "fix inm_nvt all nvt temp 3.0 3.0 0.5\nrun 1000\nunfix inm_nvt"));
  PetscCall(InmLammpsGetConfig(lmp, &c));
  {
    PetscInt  nb = 0;
    PetscReal T, msd = 0;
    for (PetscInt i = 0; i < c->n; i++) {
      nb += c->type[i] == 2;
      for (PetscInt a = 0; a < 3; a++) {
        PetscReal d = c->x[3 * i + a] - c0->x[3 * i + a];
        for (PetscInt b = 0; b < 3; b++) d += (c->image[3 * i + b] - c0->image[3 * i + b]) * c->box.cell[b][a];
        msd += d * d / c->n;
      }
    }
    PetscCall(InmConfigTemperature(c, &T));
    INM_TEST(nb == 51 && c->n == 256, "KA quick liquid: %" PetscInt_FMT " of %" PetscInt_FMT " atoms are B (exactly round(0.2 N) = 51)", nb, c->n);
    INM_TEST(PetscAbsReal(T - 3.0) < 0.6, "KA after 1000 NVT steps at T = 3: kinetic T = %.3f (within 20%%)", (double)T);
    INM_TEST(msd > 1.0, "KA melts: mean squared displacement over 1000 steps %.2f sigma^2 > 1", (double)msd);
    INM_TEST(!strcmp(c->units, "lj") && c->type_mass[1] == 1.0 && c->step == 1000, "units '%s', masses, step %" PetscInt_FMT, c->units, c->step);
  }
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmConfigDestroy(&c0));
  PetscCall(InmLammpsCommands(lmp, "change_box all triclinic\nchange_box all xy final 0.9 xz final -0.6 yz final 0.4 remap units box\nfix inm_nve all nve\nrun 300\nunfix inm_nve"));
  PetscCall(InmLammpsGetConfig(lmp, &c));
  PetscCall(CheckUnwrapped(lmp, c, "KA, tilted box"));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmLammpsClose(&lmp));

  /* CuZr: B2 start, 50:50, melted at 2300 K then 1500 K */
  PetscCall(InmLammpsOpen(PETSC_COMM_WORLD, &lmp));
  PetscCall(InmLammpsQuickLiquid(lmp, eam, 250, 0, 2300, 1500, 1000, 4));
  PetscCall(InmLammpsGetConfig(lmp, &c));
  {
    PetscInt  ncu = 0;
    PetscReal T;
    for (PetscInt i = 0; i < c->n; i++) ncu += c->type[i] == 1;
    PetscCall(InmConfigTemperature(c, &T));
    INM_TEST(ncu == 125 && !strcmp(c->units, "metal") && PetscAbsReal(c->type_mass[2] - 91.224) < 1e-3, "CuZr quick liquid: %" PetscInt_FMT " Cu of %" PetscInt_FMT ", units %s, Zr mass %g", ncu, c->n, c->units, (double)c->type_mass[2]);
    INM_TEST(PetscAbsReal(T - 1500) < 300, "CuZr at 1500 K: kinetic T = %.0f K (within 20%%)", (double)T);
  }
  PetscCall(CheckUnwrapped(lmp, c, "CuZr"));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmLammpsClose(&lmp));

  /* the same state (lattice + deterministic random displacement, no dynamics) gathered from
   * an instance on all ranks and from one on PETSC_COMM_SELF */
  {
    const char *setup = "units lj\natom_style atomic\natom_modify map array\nlattice fcc 1.2\nregion b block 0 4 0 4 0 4\ncreate_box 2 b\ncreate_atoms 1 box\nmass * 1.0\ndisplace_atoms all random 0.1 0.1 0.1 4321 units box\nvelocity all create 1.0 77 loop geom";
    PetscReal   d = 0;
    PetscCall(InmLammpsOpen(PETSC_COMM_WORLD, &lmp));
    PetscCall(InmLammpsCommands(lmp, setup));
    PetscCall(InmLammpsGetConfig(lmp, &c));
    PetscCall(InmLammpsClose(&lmp));
    PetscCall(InmLammpsOpen(PETSC_COMM_SELF, &lmp));
    PetscCall(InmLammpsCommands(lmp, setup));
    PetscCall(InmLammpsGetConfig(lmp, &cs));
    PetscCall(InmLammpsClose(&lmp));
    d = InmMaxRelDiff(3 * c->n, c->x, cs->x) + InmMaxRelDiff(3 * c->n, c->v, cs->v);
    /* round-off only: LAMMPS remaps atoms into each rank's sub-domain in floating point */
    INM_TEST(c->n == cs->n && d < 1e-14, "configuration gathered on %d rank(s) equals the one-rank one (difference %.1e)", size, (double)d);
    PetscCall(InmConfigDestroy(&c));
    PetscCall(InmConfigDestroy(&cs));
  }
  PetscCall(InmPotentialDestroy(&ka));
  PetscCall(InmPotentialDestroy(&eam));
  return InmTestEnd();
}
