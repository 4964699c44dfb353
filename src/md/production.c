/* NVE production of one task and its H5MD trajectory (SPEC §7; paper App. A, B).
 *
 * LAMMPS integrates (fix nve, velocity Verlet); inmvisc samples it:
 *   - every stress_every steps, LAMMPS's fix vector stores the full pressure tensor (compute
 *     thermo_press: kinetic part included; xx, yy, zz, xy, xz, yz), the kinetic temperature,
 *     the potential and kinetic energies and the all-atom MSD since the start of production
 *     (compute msd com yes: centre-of-mass drift removed); the rows are read after each chunk;
 *   - the run goes in chunks of snapshot_every steps (run N start 0 stop P pre no post no,
 *     which is one continuous run for LAMMPS), and after each chunk the configuration (wrapped
 *     x with image flags, v, f at the same step) is gathered and written as a frame;
 *   - on request (series_steps > 0) the first series_steps steps go one step per chunk, and
 *     the velocities and forces of the first series_atoms atoms are written at every step
 *     (/particles/series), the input of the memory kernel (paper App. F).
 * Checks, stored with the trajectory: mean kinetic T with its standard error from 10 block
 * means; the total-energy drift, the least-squares slope of E(t) per atom; the final MSD
 * against min_msd (default one interparticle distance squared, (V/N)^(2/3)): a production
 * that does not reach it is flagged (msd_ok = 0) and a warning printed, never silently used. */
#include "md_impl.h"
#include <inmvisc/io.h>
#include <inmvisc/h5util.h>
#include <lammps/library.h>

#define NOBS 10 /* columns of the observables fix */

/* Rows [have, count) of the two fix vectors (LAMMPS keeps intensive and extensive values
 * apart) into obs, row-major: pressure tensor (6), T, potential energy, kinetic energy, MSD. */
static PetscErrorCode ReadObservables(InmLammps lmp, PetscInt have, PetscInt count, PetscReal *obs)
{
  static const struct {
    const char *fix;
    int         col, to;
  } map[NOBS] = {{"inm_obs", 0, 0}, {"inm_obs", 1, 1}, {"inm_obs", 2, 2}, {"inm_obs", 3, 3}, {"inm_obs", 4, 4}, {"inm_obs", 5, 5}, {"inm_obs", 6, 6}, {"inm_en", 0, 7}, {"inm_en", 1, 8}, {"inm_obs", 7, 9}};

  PetscFunctionBegin;
  for (PetscInt r = have; r < count; r++)
    for (int c = 0; c < NOBS; c++) PetscCall(InmLammpsFixVectorValue(lmp, map[c].fix, r, map[c].col, &obs[NOBS * r + map[c].to]));
  PetscFunctionReturn(0);
}

/* The series row of step `done` while it is within series_steps (0 included). */
static PetscErrorCode AppendSeries(InmLammps lmp, const InmProtocol *p, InmTrajectory traj, PetscInt N, PetscInt done)
{
  InmConfig     *cfg;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  if (done > p->series_steps || !p->series_steps) PetscFunctionReturn(0);
  PetscCall(InmLammpsGetConfig(lmp, &cfg));
  if (lmp->rank == 0) ierr = InmTrajectoryAppendSeries(traj, cfg, p->series_atoms ? PetscMin(p->series_atoms, N) : N);
  PetscCall(InmCheckCollective(lmp->comm, 0, ierr));
  PetscCall(InmConfigDestroy(&cfg));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteParameters(InmTrajectory traj, InmLammps lmp, const InmProtocol *p, PetscReal T, PetscInt N, PetscInt seed, PetscReal npt_volume, const InmProductionInfo *info, PetscInt nattrs, const char *const attrs[])
{
  hid_t       g;
  herr_t      st = 0;
  const char *history;
  int         ok = info->msd_ok;
  const struct {
    const char *name;
    PetscReal   value;
  } num[] = {
    {"temperature", T}, {"dt", p->dt}, {"tdamp", p->tdamp}, {"pdamp", p->pdamp}, {"lattice_density", p->density}, {"melt_temperature", p->T_melt}, {"melt_time", p->melt_time}, {"cooling_rate", p->cooling_rate}, {"pressure", p->pressure}, {"npt_time", p->npt_time}, {"equilibration_time", p->equil_time}, {"production_time", p->prod_time}, {"min_msd", p->min_msd}, {"npt_mean_volume", npt_volume}, {"density", info->density}, {"T_mean", info->T_mean}, {"T_err", info->T_err}, {"energy_drift", info->drift}, {"msd_final", info->msd},
  };

  PetscFunctionBegin;
  PetscCall(InmTrajectoryParameters(traj, &g));
  for (size_t k = 0; k < sizeof(num) / sizeof(num[0]); k++) st |= InmH5AttrNumber(g, num[k].name, H5T_NATIVE_DOUBLE, &num[k].value) < 0;
  st |= InmH5AttrNumber(g, "natoms", INM_H5T_PETSCINT, &N) < 0;
  st |= InmH5AttrNumber(g, "seed", INM_H5T_PETSCINT, &seed) < 0;
  st |= InmH5AttrNumber(g, "snapshot_every", INM_H5T_PETSCINT, &p->snapshot_every) < 0;
  st |= InmH5AttrNumber(g, "stress_every", INM_H5T_PETSCINT, &p->stress_every) < 0;
  st |= InmH5AttrNumber(g, "series_steps", INM_H5T_PETSCINT, &p->series_steps) < 0;
  st |= InmH5AttrNumber(g, "series_atoms", INM_H5T_PETSCINT, &p->series_atoms) < 0;
  st |= InmH5AttrNumber(g, "msd_ok", H5T_NATIVE_INT, &ok) < 0;
  st |= InmH5AttrString(g, "ensemble", p->npt ? "melt and quench NPT, NPT at T then box at <V>, NVT, NVE production" : "melt and quench NVT, NVT at T, NVE production") < 0;
  st |= InmH5AttrString(g, "version", INMVISC_VERSION) < 0;
  for (PetscInt a = 0; a < nattrs; a++) {
    char        name[64];
    const char *eq = strchr(attrs[a], '=');
    PetscCheck(eq && eq - attrs[a] < (int)sizeof(name), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "attribute '%s' is not name=value", attrs[a]);
    PetscCall(PetscStrncpy(name, attrs[a], (size_t)(eq - attrs[a]) + 1));
    st |= InmH5AttrString(g, name, eq + 1) < 0;
  }
  PetscCall(InmLammpsHistory(lmp, &history));
  st |= InmH5WriteString(g, "lammps_input", history) < 0;
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "writing /parameters/inmvisc failed (disk full or file system error)");
  PetscFunctionReturn(0);
}

PetscErrorCode InmProtocolRun(InmLammps lmp, InmPotential pot, const InmProtocol *p, PetscReal T, PetscInt N, PetscInt seed, const char path[], const char stage[], PetscInt nattrs, const char *const attrs[], InmProductionInfo *info)
{
  const PetscInt total = (PetscInt)PetscFloorReal(p->prod_time / p->dt + 0.5), nrows = total / p->stress_every + 1;
  PetscInt       done = 0, have = 0, nframes = 0;
  PetscReal     *obs, *series, *tm, volume, box_volume, min_msd;
  PetscInt64    *steps;
  PetscLogDouble t0, t1, t2, t3, t4, tw = 0;
  InmTrajectory  traj = NULL;
  InmConfig     *cfg;
  const InmUnits *u;
  char           umsd[32];
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCheck(total >= p->stress_every, lmp->comm, PETSC_ERR_USER_INPUT, "-production_time %g is shorter than one -stress_every interval (%" PetscInt_FMT " steps of %g)", (double)p->prod_time, p->stress_every, (double)p->dt);
  PetscCall(PetscMemzero(info, sizeof(*info)));
  PetscCall(PetscTime(&t0));
  PetscCall(InmProtocolMeltQuench(lmp, pot, p, T, N, seed));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(lmp->comm, "[%s] melt + quench %.1f s\n", stage, (double)(t1 - t0)));
  PetscCall(InmProtocolEquilibrate(lmp, p, T, &volume));
  PetscCall(PetscTime(&t2));
  PetscCall(PetscPrintf(lmp->comm, "[%s] %sNVT at T %.1f s\n", stage, p->npt ? "NPT + " : "", (double)(t2 - t1)));

  PetscCall(InmLammpsCommand(lmp, "# inmvisc: NVE production"));
  PetscCall(InmLammpsCommand(lmp, "reset_timestep 0"));
  PetscCall(InmLammpsCommand(lmp, "fix inm_nve all nve"));
  PetscCall(InmLammpsCommand(lmp, "compute inm_ke all ke"));
  PetscCall(InmLammpsCommand(lmp, "compute inm_msd all msd com yes"));
  PetscCall(InmLammpsCommand(lmp, "fix inm_obs all vector %" PetscInt_FMT " c_thermo_press[1] c_thermo_press[2] c_thermo_press[3] c_thermo_press[4] c_thermo_press[5] c_thermo_press[6] c_thermo_temp c_inm_msd[4]", p->stress_every));
  PetscCall(InmLammpsCommand(lmp, "fix inm_en all vector %" PetscInt_FMT " c_thermo_pe c_inm_ke", p->stress_every));
  PetscCall(PetscMalloc3(NOBS * nrows, &obs, NOBS * nrows, &series, nrows, &steps));
  PetscCall(PetscMalloc1(nrows, &tm));
  PetscCall(InmLammpsGetConfig(lmp, &cfg));
  box_volume = cfg->box.volume; /* NVE: the box of production does not change */
  if (lmp->rank == 0) {
    ierr = InmTrajectoryCreate(path, cfg, &traj);
    if (!ierr) ierr = InmTrajectoryWriteFrame(traj, cfg);
  }
  PetscCall(InmCheckCollective(lmp->comm, 0, ierr));
  PetscCall(InmConfigDestroy(&cfg));
  PetscCall(AppendSeries(lmp, p, traj, N, 0));
  while (done < total) {
    const PetscInt next  = (done / p->snapshot_every + 1) * p->snapshot_every; /* the next frame's step */
    const PetscInt chunk = done < p->series_steps ? 1 : PetscMin(next, total) - done;
    PetscLogDouble w0, w1;
    PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT " start 0 stop %" PetscInt_FMT " pre %s post no", chunk, total, done ? "no" : "yes"));
    done += chunk;
    PetscCall(PetscTime(&w0));
    PetscCall(AppendSeries(lmp, p, traj, N, done));
    if (done % p->snapshot_every && done < total) continue; /* a series step between frames */
    PetscCall(InmLammpsGetConfig(lmp, &cfg));
    if (lmp->rank == 0) ierr = InmTrajectoryWriteFrame(traj, cfg);
    PetscCall(InmCheckCollective(lmp->comm, 0, ierr));
    PetscCall(InmConfigDestroy(&cfg));
    PetscCall(ReadObservables(lmp, have, done / p->stress_every + 1, obs));
    have = done / p->stress_every + 1;
    nframes++;
    PetscCall(PetscTime(&w1));
    tw += w1 - w0;
    if (nframes % 10 == 0 || done == total) PetscCall(InmProgress(lmp->comm, stage, done, total, t2));
  }
  PetscCall(PetscTime(&t3));

  /* checks: <T> and its error, energy drift, MSD reached */
  {
    PetscReal st = 0, se = 0, stt = 0, ste = 0, nrm = (PetscReal)have;
    info->density = N / box_volume;
    min_msd       = p->min_msd > 0 ? p->min_msd : PetscPowReal(box_volume / N, 2.0 / 3.0);
    InmBlockAverage(have, obs + 6, NOBS, 10, &info->T_mean, &info->T_err);
    for (PetscInt r = 0; r < have; r++) {
      const PetscReal t = r * p->stress_every * p->dt, e = (obs[NOBS * r + 7] + obs[NOBS * r + 8]) / N;
      st += t;
      se += e;
      stt += t * t;
      ste += t * e;
    }
    info->drift  = have > 1 ? (ste - st * se / nrm) / (stt - st * st / nrm) : 0;
    info->msd    = obs[NOBS * (have - 1) + 9];
    info->msd_ok = info->msd > min_msd ? PETSC_TRUE : PETSC_FALSE;
  }
  if (!info->msd_ok) PetscCall(PetscPrintf(lmp->comm, "[%s] WARNING: the production MSD %g stays below %g: this state point is not a liquid on this time scale (flagged msd_ok = 0 in %s)\n", stage, (double)info->msd, (double)min_msd, path));

  /* observables: (step, time) and the columns, in the H5MD layout */
  PetscCall(InmUnitsGet(pot->units, &u));
  PetscCall(PetscSNPrintf(umsd, sizeof(umsd), "%s2", u->length));
  if (lmp->rank == 0) {
    const char *upress = u->pressure, *uen = u->energy, *utemp = u->temperature;
    for (PetscInt r = 0; r < have; r++) {
      steps[r] = (PetscInt64)r * p->stress_every;
      tm[r]    = steps[r] * p->dt;
      for (int c = 0; c < 6; c++) series[6 * r + c] = obs[NOBS * r + c];
    }
    ierr = InmTrajectoryAppendObservable(traj, "pressure_tensor", 6, have, steps, tm, series, upress);
    for (int c = 6; c < NOBS && !ierr; c++) {
      static const char *names[] = {"temperature", "potential_energy", "kinetic_energy", "msd"};
      for (PetscInt r = 0; r < have; r++) series[r] = obs[NOBS * r + c];
      ierr = InmTrajectoryAppendObservable(traj, names[c - 6], 1, have, steps, tm, series, c == 6 ? utemp : c == 9 ? umsd : uen);
    }
    if (!ierr) ierr = WriteParameters(traj, lmp, p, T, N, seed, volume, info, nattrs, attrs);
    if (!ierr) ierr = InmTrajectoryClose(&traj, PETSC_TRUE);
    else (void)InmTrajectoryClose(&traj, PETSC_FALSE);
  }
  PetscCall(InmCheckCollective(lmp->comm, 0, ierr));
  PetscCall(PetscFree3(obs, series, steps));
  PetscCall(PetscFree(tm));
  PetscCall(PetscTime(&t4));
  info->seconds[0] = t1 - t0;
  info->seconds[1] = t2 - t1;
  info->seconds[2] = t3 - t2 - tw;
  info->seconds[3] = t4 - t3 + tw;
  PetscFunctionReturn(0);
}
