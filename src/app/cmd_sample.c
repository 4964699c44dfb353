/* inmvisc sample: a short LAMMPS liquid snapshot (the quickstart's input; the full MD
 * campaigns are `prepare`). LAMMPS runs in-process on the command's communicator. */
#include "commands.h"
#include <inmvisc/md.h>

PetscErrorCode InmCmdSample(MPI_Comm comm)
{
  char           output[PETSC_MAX_PATH_LEN] = "";
  PetscInt       natoms, steps = 2000, seed = 12345;
  PetscReal      T, Tm, rho;
  PetscBool          has_out, help, h5, data, dump;
  const InmMDPreset *preset;
  PetscMPIInt    rank;
  PetscErrorCode ierr;
  InmPotential   pot;
  InmLammps      lmp;
  InmConfig     *cfg;
  PetscLogDouble t0, t1;
  size_t         len;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(InmReplicatedBegin(comm));
  ierr = InmPotentialCreateFromOptions(NULL, &pot);
  PetscCall(InmReplicatedEnd(comm, ierr));
  preset = InmMDPresetGet(pot);
  /* the model's defaults first, so that a 0 given by hand is refused below, not taken as "default" */
  natoms = preset->natoms;
  T      = preset->T;
  Tm     = preset->T_melt;
  rho    = preset->density;
  PetscOptionsBegin(comm, NULL, "inmvisc sample: a short LAMMPS liquid snapshot", "sample");
  PetscCall(PetscOptionsString("-output", "Snapshot file: .h5 (H5MD), .data (LAMMPS data), .dump (LAMMPS dump)", "sample", output, output, sizeof(output), &has_out));
  PetscCall(PetscOptionsInt("-natoms", "Atoms (4 n^3 for LJ/KA, 2 n^3 for the EAM B2 start; default 500 / 432)", "sample", natoms, &natoms, NULL));
  PetscCall(PetscOptionsReal("-temperature", "Temperature (default 1.0 / 1500 K)", "sample", T, &T, NULL));
  PetscCall(PetscOptionsReal("-melt_temperature", "Melting temperature (default 3.0 / 2300 K)", "sample", Tm, &Tm, NULL));
  PetscCall(PetscOptionsReal("-density", "Number density (default 1.2; for EAM 0 = the B2 lattice's own)", "sample", rho, &rho, NULL));
  PetscCall(PetscOptionsInt("-steps", "MD steps of melting and of equilibration each", "sample", steps, &steps, NULL));
  PetscCall(PetscOptionsInt("-seed", "Random seed (positive)", "sample", seed, &seed, NULL));
  PetscOptionsEnd();
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  PetscCall(InmLammpsOptions(comm, NULL, NULL));
  if (help) {
    PetscCall(InmPotentialDestroy(&pot));
    PetscFunctionReturn(0);
  }
  PetscCall(InmOptionsCheckUnused(comm)); /* every option is read: a misspelt one is found before the MD */
  PetscCheck(has_out, comm, PETSC_ERR_USER_INPUT, "sample: -output FILE (.h5, .data or .dump) is required");
  PetscCall(PetscStrlen(output, &len));
  h5   = len > 3 && !strcmp(output + len - 3, ".h5");
  data = len > 5 && !strcmp(output + len - 5, ".data");
  dump = len > 5 && !strcmp(output + len - 5, ".dump");
  PetscCheck(h5 || data || dump, comm, PETSC_ERR_USER_INPUT, "sample: -output %s: the name must end in .h5, .data or .dump", output);
  PetscCheck(natoms > 0 && T > 0 && Tm > 0 && steps >= 0 && seed > 0 && rho >= 0 && (rho > 0 || preset->own_density), comm, PETSC_ERR_USER_INPUT, "sample: -natoms (%" PetscInt_FMT "), -temperature (%g), -melt_temperature (%g) and -seed (%" PetscInt_FMT ") must be positive, -steps (%" PetscInt_FMT ") not negative, -density (%g) positive (0 for EAM: the lattice's own)", natoms, (double)T, (double)Tm, seed, steps, (double)rho);
  {
    PetscInt n;
    PetscCall(InmMDPresetCells(comm, preset, "-natoms", natoms, &n)); /* before any LAMMPS work */
  }
  PetscCall(InmCheckWritable(comm, output));
  /* a text snapshot has no kind to check: an existing one is never written over */
  PetscCall(InmCheckOutputKind(comm, output, h5 ? INM_OUTPUT_SNAPSHOT : "LAMMPS text snapshot"));

  PetscCall(PetscTime(&t0));
  PetscCall(PetscPrintf(comm, "[sample] %s, %" PetscInt_FMT " atoms: melt at T = %g, then T = %g, %" PetscInt_FMT " + %" PetscInt_FMT " steps (LAMMPS in-process)\n", pot->name, natoms, (double)Tm, (double)T, steps, steps));
  PetscCall(InmLammpsOpen(comm, &lmp));
  PetscCall(InmLammpsQuickLiquid(lmp, pot, natoms, rho, Tm, T, steps, seed));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(comm, "[sample] MD done (%.1f s)\n", (double)(t1 - t0)));
  if (h5) {
    PetscCall(InmLammpsGetConfig(lmp, &cfg));
    PetscCall(PetscStrncpy(cfg->model, pot->name, sizeof(cfg->model)));
    ierr = rank == 0 ? InmWriteH5MD(output, cfg) : 0;
    PetscCall(InmCheckCollective(comm, 0, ierr));
    PetscCall(InmConfigDestroy(&cfg));
  } else if (data) PetscCall(InmLammpsCommand(lmp, "write_data %s nocoeff", output));
  else PetscCall(InmLammpsCommand(lmp, "write_dump all custom %s id type x y z vx vy vz fx fy fz ix iy iz modify sort id", output));
  PetscCall(InmLammpsClose(&lmp));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(comm, "[sample] wrote %s (%.1f s)\n", output, (double)(t1 - t0)));
  PetscCall(InmPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}
