/* MD protocols of the `prepare` stage (SPEC §7; paper App. A, B), as LAMMPS commands:
 *
 *   ka / lj (units lj, NVT at fixed density; App. B)
 *     FCC lattice at rho (KA: 80:20 by a seeded shuffle), Gaussian velocities at T_melt,
 *     Nose-Hoover NVT at T_melt for melt_time, linear quench T_melt -> T at cooling_rate
 *     (steps = (T_melt - T) / (rate dt)), NVT at T for equil_time, NVE production.
 *     Paper: rho = 1.185, rate 3.3e-6 per step (6.6e-4 per tau at dt = 0.005).
 *   eam (units metal, Cu50Zr50 by default; App. A)
 *     B2 lattice, velocities at T_melt = 2300 K, Nose-Hoover NPT (isotropic, P = 0) at T_melt
 *     for melt_time, NPT quench to T at cooling_rate, NPT at T for npt_time whose second half
 *     gives the mean volume <V>; the box is then scaled (remap) to <V>, NVT at T for
 *     equil_time, NVE production. Paper: 1 ns melt, 1e10 K/s = 0.01 K/ps, dt 1 fs.
 * The defaults are short (a campaign of minutes on a laptop); the paper's values are options.
 * Every command goes through InmLammpsCommand, so the instance's history is the LAMMPS
 * input of the task, stored in its trajectory and replayable by the `lmp` executable. */
#include "md_impl.h"
#include <inmvisc/prepare.h>
#include <lammps/library.h>

PetscErrorCode InmProtocolSetFromOptions(MPI_Comm comm, InmPotential pot, InmProtocol *p)
{
  const InmMDPreset *preset = InmMDPresetGet(pot);

  PetscFunctionBegin;
  *p = preset->protocol;
  PetscOptionsBegin(comm, NULL, "MD protocol (prepare)", "prepare");
  PetscCall(PetscOptionsReal("-dt", "Time step (tau, or ps for metal)", "prepare", p->dt, &p->dt, NULL));
  PetscCall(PetscOptionsReal("-density", "Number density of the lattice start (ka: 1.2; the paper's SM: 1.185; metal: atoms/A^3, 0 = B2 at 3.23 A)", "prepare", p->density, &p->density, NULL));
  PetscCall(PetscOptionsReal("-melt_temperature", "Melting temperature", "prepare", p->T_melt, &p->T_melt, NULL));
  PetscCall(PetscOptionsReal("-melt_time", "Melting time", "prepare", p->melt_time, &p->melt_time, NULL));
  PetscCall(PetscOptionsReal("-cooling_rate", "Quench rate, temperature per time unit (0: jump; paper: 6.6e-4 for KA, 0.01 K/ps for CuZr)", "prepare", p->cooling_rate, &p->cooling_rate, NULL));
  PetscCall(PetscOptionsReal("-pressure", "NPT pressure (metal: bar)", "prepare", p->pressure, &p->pressure, NULL));
  PetscCall(PetscOptionsReal("-npt_time", "NPT time at T before the box is fixed at its mean volume (metal presets)", "prepare", p->npt_time, &p->npt_time, NULL));
  PetscCall(PetscOptionsReal("-equilibration_time", "NVT time at T before production", "prepare", p->equil_time, &p->equil_time, NULL));
  PetscCall(PetscOptionsReal("-production_time", "NVE production time", "prepare", p->prod_time, &p->prod_time, NULL));
  PetscCall(PetscOptionsInt("-snapshot_every", "Steps between trajectory frames (x, v, f, image)", "prepare", p->snapshot_every, &p->snapshot_every, NULL));
  PetscCall(PetscOptionsInt("-stress_every", "Steps between rows of the pressure tensor and thermo series", "prepare", p->stress_every, &p->stress_every, NULL));
  PetscCall(PetscOptionsInt("-series_steps", "Write velocities and forces at every step of the first n production steps (for the memory kernel; 0: none)", "prepare", p->series_steps, &p->series_steps, NULL));
  PetscCall(PetscOptionsInt("-series_atoms", "Atoms in those series: the first k by id (0: all)", "prepare", p->series_atoms, &p->series_atoms, NULL));
  PetscCall(PetscOptionsReal("-min_msd", "Flag a production whose MSD stays below this (0: one interparticle distance squared)", "prepare", p->min_msd, &p->min_msd, NULL));
  PetscOptionsEnd();
  PetscCheck(p->dt > 0 && p->T_melt > 0 && p->tdamp > 0, comm, PETSC_ERR_USER_INPUT, "-dt and -melt_temperature must be positive (%g, %g)", (double)p->dt, (double)p->T_melt);
  PetscCheck(p->melt_time >= 0 && p->npt_time >= 0 && p->equil_time >= 0 && p->cooling_rate >= 0 && p->min_msd >= 0, comm, PETSC_ERR_USER_INPUT, "-melt_time, -npt_time, -equilibration_time, -cooling_rate and -min_msd must not be negative");
  PetscCheck(p->prod_time > 0, comm, PETSC_ERR_USER_INPUT, "-production_time %g must be positive", (double)p->prod_time);
  PetscCheck(p->snapshot_every > 0 && p->stress_every > 0, comm, PETSC_ERR_USER_INPUT, "-snapshot_every and -stress_every must be positive (%" PetscInt_FMT ", %" PetscInt_FMT ")", p->snapshot_every, p->stress_every);
  PetscCheck(p->snapshot_every % p->stress_every == 0, comm, PETSC_ERR_USER_INPUT, "-snapshot_every %" PetscInt_FMT " must be a multiple of -stress_every %" PetscInt_FMT " (every frame has its pressure tensor)", p->snapshot_every, p->stress_every);
  PetscCheck(p->series_steps >= 0 && p->series_atoms >= 0, comm, PETSC_ERR_USER_INPUT, "-series_steps and -series_atoms must not be negative");
  PetscCheck(preset->own_density || p->density > 0, comm, PETSC_ERR_USER_INPUT, "-density %g must be positive", (double)p->density);
  PetscFunctionReturn(0);
}

static PetscInt Steps(PetscReal time, PetscReal dt) { return (PetscInt)PetscFloorReal(time / dt + 0.5); }

/* Thermostat (and barostat) fix for a run from T0 to T1. */
static PetscErrorCode Ensemble(InmLammps lmp, const InmProtocol *p, PetscBool npt, PetscReal T0, PetscReal T1)
{
  PetscFunctionBegin;
  if (npt) PetscCall(InmLammpsCommand(lmp, "fix inm_ens all npt temp %.17g %.17g %.17g iso %.17g %.17g %.17g", (double)T0, (double)T1, (double)p->tdamp, (double)p->pressure, (double)p->pressure, (double)p->pdamp));
  else PetscCall(InmLammpsCommand(lmp, "fix inm_ens all nvt temp %.17g %.17g %.17g", (double)T0, (double)T1, (double)p->tdamp));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunEnsemble(InmLammps lmp, const InmProtocol *p, PetscBool npt, PetscReal T0, PetscReal T1, PetscInt steps)
{
  PetscFunctionBegin;
  if (steps <= 0) PetscFunctionReturn(0);
  PetscCall(Ensemble(lmp, p, npt, T0, T1));
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, steps));
  PetscCall(InmLammpsCommand(lmp, "unfix inm_ens"));
  PetscFunctionReturn(0);
}

PetscErrorCode InmProtocolMeltQuench(InmLammps lmp, InmPotential pot, const InmProtocol *p, PetscReal T, PetscInt N, PetscInt seed)
{
  const PetscInt quench = p->cooling_rate > 0 && p->T_melt > T ? Steps((p->T_melt - T) / p->cooling_rate, p->dt) : 0;

  PetscFunctionBegin;
  PetscCall(InmLammpsLatticeStart(lmp, pot, N, p->density, seed));
  PetscCall(InmLammpsCommand(lmp, "timestep %.17g", (double)p->dt));
  PetscCall(InmLammpsCommand(lmp, "thermo 0"));
  PetscCall(InmLammpsCommand(lmp, "velocity all create %.17g %" PetscInt_FMT " mom yes rot no dist gaussian loop all", (double)p->T_melt, seed));
  PetscCall(InmLammpsCommand(lmp, "# inmvisc: melt"));
  PetscCall(RunEnsemble(lmp, p, p->npt, p->T_melt, p->T_melt, Steps(p->melt_time, p->dt)));
  PetscCall(InmLammpsCommand(lmp, "# inmvisc: quench"));
  PetscCall(RunEnsemble(lmp, p, p->npt, p->T_melt, T, quench));
  PetscFunctionReturn(0);
}

PetscErrorCode InmProtocolEquilibrate(InmLammps lmp, const InmProtocol *p, PetscReal T, PetscReal *volume)
{
  PetscFunctionBegin;
  *volume = 0;
  if (p->npt && p->npt_time > 0) {
    const PetscInt steps = Steps(p->npt_time, p->dt), half = steps / 2;
    double        *vave;
    PetscCall(InmLammpsCommand(lmp, "# inmvisc: npt at T"));
    PetscCall(RunEnsemble(lmp, p, PETSC_TRUE, T, T, steps - half));
    PetscCheck(half > 0, lmp->comm, PETSC_ERR_USER_INPUT, "-npt_time %g is shorter than two steps", (double)p->npt_time);
    /* the mean volume of the second half: one average of every step's volume (fix ave/time
     * averages at multiples of nfreq, so the step count restarts at 0) */
    PetscCall(InmLammpsCommand(lmp, "reset_timestep 0"));
    PetscCall(InmLammpsCommand(lmp, "variable inm_vol equal vol"));
    PetscCall(InmLammpsCommand(lmp, "fix inm_vave all ave/time 1 %" PetscInt_FMT " %" PetscInt_FMT " v_inm_vol", half, half));
    PetscCall(RunEnsemble(lmp, p, PETSC_TRUE, T, T, half));
    vave = (double *)lammps_extract_fix(lmp->handle, "inm_vave", 0, 0, 0, 0);
    PetscCheck(vave && *vave > 0, lmp->comm, PETSC_ERR_LIB, "LAMMPS: the mean volume of the NPT run could not be read");
    *volume = *vave;
    lammps_free(vave);
    PetscCall(InmLammpsCommand(lmp, "# inmvisc: npt mean volume %.17g", *volume));
    PetscCall(InmLammpsCommand(lmp, "unfix inm_vave"));
    PetscCall(InmLammpsCommand(lmp, "change_box all x scale $(v_inm_vol^(-1.0/3.0)*%.17g) y scale $(v_inm_vol^(-1.0/3.0)*%.17g) z scale $(v_inm_vol^(-1.0/3.0)*%.17g) remap", PetscCbrtReal(*volume), PetscCbrtReal(*volume), PetscCbrtReal(*volume)));
  }
  PetscCall(InmLammpsCommand(lmp, "# inmvisc: nvt at T"));
  PetscCall(RunEnsemble(lmp, p, PETSC_FALSE, T, T, Steps(p->equil_time, p->dt)));
  PetscFunctionReturn(0);
}
