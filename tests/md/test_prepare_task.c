/* One `prepare` task (KA, N = 256, T = 2.0, short protocol) through InmProtocolRun, checked
 * against independent routes:
 *  - every frame read back by the `modes` reader (InmReadH5MD) has LAMMPS's forces: our own
 *    KA forces on the read configuration equal the stored ones to 1e-10 of max|f| (they agree
 *    with LAMMPS to ~1e-14 on any configuration, tests/potential_ka);
 *  - the stored pressure tensor at each frame's step equals pxx..pyz that a fresh LAMMPS
 *    instance reports for that frame's positions and velocities (run 0), to 1e-10 relative
 *    (positions and velocities are stored as doubles, so only the sums' order differs);
 *  - observable rows every stress_every steps from 0, frames every snapshot_every;
 *  - NVE: the mean kinetic temperature is T within 3 sigma, sigma = T sqrt(2/(3N)) (the
 *    spread of the temperature of a microcanonical run started from a canonical state at T
 *    is at most the canonical kinetic-temperature spread) plus 3 standard errors of the mean;
 *  - total-energy drift below 2e-3 epsilon per atom per tau (velocity Verlet at dt = 0.005
 *    with the shifted KA cutoff drifts ~1e-4; a broken integration or a thermostat left on
 *    during NVE gives far more);
 *  - the MSD series starts at 0 and grows (a liquid at T = 2);
 *  - the LAMMPS input stored with the trajectory names the NVE fix and the seed;
 *  - the same task with per-step series (-series_steps 600 -series_atoms 100, one-step
 *    chunks of `run pre no`) gives bit-identical frames, and its series row at step 500
 *    equals frame 1's velocities and forces of those atoms.
 * Runs on 1 and 2 ranks (the LAMMPS instance on the test's communicator). */
#include "testlib.h"
#include <inmvisc/h5util.h>

static PetscErrorCode ReadSeries(hid_t f, const char *name, PetscInt width, PetscInt *rows, PetscReal **value, long long **step)
{
  char    path[128];
  hid_t   ds;
  hssize_t n;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "observables/%s/value", name));
  ds = H5Dopen2(f, path, H5P_DEFAULT);
  PetscCheck(ds >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "no %s", path);
  n     = H5Sget_simple_extent_npoints(H5Dget_space(ds)) / width;
  *rows = (PetscInt)n;
  PetscCall(PetscMalloc1(n * width, value));
  PetscCall(PetscMalloc1(n, step));
  H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, *value);
  H5Dclose(ds);
  PetscCall(PetscSNPrintf(path, sizeof(path), "observables/%s/step", name));
  ds = H5Dopen2(f, path, H5P_DEFAULT);
  H5Dread(ds, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, *step);
  H5Dclose(ds);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const PetscReal   T = 2.0;
  const PetscInt    N = 256;
  const char       *path = "prepare_task.h5";
  InmProtocol       p;
  InmProductionInfo info;
  InmPotential      pot;
  InmLammps         lmp;
  PetscMPIInt       size;
  char              ranks[16];

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(PetscSNPrintf(ranks, sizeof(ranks), "%d", (int)size));
  PetscCall(PetscOptionsSetValue(NULL, "-model", "ka"));
  PetscCall(InmPotentialCreateFromOptions(NULL, &pot));
  PetscCall(InmProtocolSetFromOptions(PETSC_COMM_WORLD, pot, &p));
  p.melt_time      = 5;
  p.cooling_rate   = 0.2;
  p.equil_time     = 5;
  p.prod_time      = 10; /* 2000 steps */
  p.snapshot_every = 500;
  p.stress_every   = 5;
  PetscCall(InmLammpsOpen(PETSC_COMM_WORLD, &lmp));
  PetscCall(InmProtocolRun(lmp, pot, &p, T, N, 4242, path, "test", 0, NULL, &info));
  PetscCall(InmLammpsClose(&lmp));

  {
    const PetscReal sigma = T * PetscSqrtReal(2.0 / (3.0 * N));
    INM_TEST(PetscAbsReal(info.T_mean - T) < 3 * sigma + 3 * info.T_err, "NVE <T> = %.4f +- %.4f, target %g (bound %.3f)", (double)info.T_mean, (double)info.T_err, (double)T, (double)(3 * sigma + 3 * info.T_err));
    INM_TEST(PetscAbsReal(info.drift) < 2e-3, "energy drift %.2e epsilon/atom/tau below 2e-3", (double)info.drift);
    INM_TEST(info.msd_ok, "a liquid at T = 2 moves more than one interparticle distance (MSD %.3f)", (double)info.msd);
  }

  {
    hid_t      f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT), g;
    PetscInt   rows, mrows, nframes = p.prod_time / p.dt / p.snapshot_every + 1;
    PetscReal *press, *msd, worstf = 0, worstp = 0;
    long long *step, *mstep;
    PetscBool  steps_ok = PETSC_TRUE, msd_grows;
    char       input[8192] = "";

    INM_TEST(f >= 0, "the trajectory %s exists under its final name", path);
    PetscCall(ReadSeries(f, "pressure_tensor", 6, &rows, &press, &step));
    PetscCall(ReadSeries(f, "msd", 1, &mrows, &msd, &mstep));
    INM_TEST(rows == 2000 / 5 + 1 && mrows == rows, "%" PetscInt_FMT " observable rows, expected %d", rows, 2000 / 5 + 1);
    for (PetscInt r = 0; r < rows; r++) steps_ok = steps_ok && step[r] == 5 * r;
    INM_TEST(steps_ok, "observable rows at steps 0, 5, 10, ...");
    msd_grows = msd[0] < 1e-20 && /* round-off of the centre-of-mass correction */ msd[rows - 1] > msd[rows / 2] && msd[rows / 2] > 0;
    INM_TEST(msd_grows, "MSD ~0 at the start, growing (%.3g, %.3g, %.3g)", (double)msd[0], (double)msd[rows / 2], (double)msd[rows - 1]);
    g = H5Gopen2(f, "parameters/inmvisc", H5P_DEFAULT);
    {
      hid_t ds = H5Dopen2(g, "lammps_input", H5P_DEFAULT), t = H5Dget_type(ds), mt = H5Tcopy(H5T_C_S1);
      char *text;
      size_t len = H5Tget_size(t);
      PetscCall(PetscMalloc1(len + 1, &text));
      H5Tset_size(mt, len + 1);
      H5Dread(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, text);
      PetscCall(PetscStrncpy(input, text, sizeof(input)));
      INM_TEST(strstr(text, "fix inm_nve all nve") && strstr(text, "velocity all create 3 4242"), "the stored LAMMPS input holds the NVE fix and the seed");
      PetscCall(PetscFree(text));
      H5Tclose(mt);
      H5Tclose(t);
      H5Dclose(ds);
    }
    H5Gclose(g);
    H5Fclose(f);

    for (PetscInt k = 0; k < nframes; k++) {
      InmConfig *cfg;
      PetscReal *fown, fmax = 0, dmax = 0, pl[6];
      const char *kw[6] = {"pxx", "pyy", "pzz", "pxy", "pxz", "pyz"};
      PetscInt   row;
      PetscCall(InmConfigRead(PETSC_COMM_WORLD, path, INM_FORMAT_H5MD, k, &cfg));
      row = cfg->step / 5;
      INM_TEST(cfg->step == k * p.snapshot_every && step[row] == cfg->step, "frame %" PetscInt_FMT " at step %" PetscInt_FMT, k, cfg->step);
      PetscCall(PetscMalloc1(3 * N, &fown));
      PetscCall(InmPotentialCompute(pot, cfg, NULL, fown, NULL));
      for (PetscInt i = 0; i < 3 * N; i++) {
        fmax = PetscMax(fmax, PetscAbsReal(cfg->f[i]));
        dmax = PetscMax(dmax, PetscAbsReal(cfg->f[i] - fown[i]));
      }
      worstf = PetscMax(worstf, dmax / fmax);
      PetscCall(PetscFree(fown));
      PetscCall(InmLammpsOpen(PETSC_COMM_WORLD, &lmp));
      PetscCall(InmLammpsSetConfig(lmp, pot, cfg));
      PetscCall(InmLammpsCommand(lmp, "thermo_style custom step pxx pyy pzz pxy pxz pyz"));
      PetscCall(InmLammpsCommand(lmp, "run 0 post no"));
      for (int c = 0; c < 6; c++) {
        PetscCall(InmLammpsThermo(lmp, kw[c], &pl[c]));
        worstp = PetscMax(worstp, PetscAbsReal(pl[c] - press[6 * row + c]) / PetscMax(PetscAbsReal(press[6 * row]), 1e-300));
      }
      PetscCall(InmLammpsClose(&lmp));
      PetscCall(InmConfigDestroy(&cfg));
    }
    INM_TEST(worstf < 1e-10, "frames read back: forces = our KA forces to %.1e of max|f| (bound 1e-10)", (double)worstf);
    INM_TEST(worstp < 1e-10, "stored pressure tensor = LAMMPS's pxx..pyz of each frame to %.1e of pxx (bound 1e-10)", (double)worstp);
    PetscCall(PetscFree(press));
    PetscCall(PetscFree(step));
    PetscCall(PetscFree(msd));
    PetscCall(PetscFree(mstep));
  }
  { /* per-step series: the same run, the series rows are the frames' values */
    const char *spath = "prepare_task_series.h5";
    InmConfig  *a, *b;
    PetscReal  *sv, *sf, dx = 0, dv = 0, ds = 0;
    hid_t       f, ds1;
    p.series_steps = 600;
    p.series_atoms = 100;
    PetscCall(InmLammpsOpen(PETSC_COMM_WORLD, &lmp));
    PetscCall(InmProtocolRun(lmp, pot, &p, T, N, 4242, spath, "test series", 0, NULL, &info));
    PetscCall(InmLammpsClose(&lmp));
    PetscCall(InmConfigRead(PETSC_COMM_WORLD, path, INM_FORMAT_H5MD, -1, &a));
    PetscCall(InmConfigRead(PETSC_COMM_WORLD, spath, INM_FORMAT_H5MD, -1, &b));
    for (PetscInt i = 0; i < 3 * N; i++) {
      dx = PetscMax(dx, PetscAbsReal(a->x[i] - b->x[i]));
      dv = PetscMax(dv, PetscAbsReal(a->v[i] - b->v[i]));
    }
    INM_TEST(dx == 0 && dv == 0, "with per-step series: the last frame is bit-identical (|dx| %g, |dv| %g)", (double)dx, (double)dv);
    PetscCall(InmConfigDestroy(&a));
    PetscCall(InmConfigDestroy(&b));
    PetscCall(InmConfigRead(PETSC_COMM_WORLD, spath, INM_FORMAT_H5MD, 1, &a));
    PetscCall(PetscMalloc2(601 * 300, &sv, 601 * 300, &sf));
    f   = H5Fopen(spath, H5F_ACC_RDONLY, H5P_DEFAULT);
    ds1 = H5Dopen2(f, "particles/series/velocity/value", H5P_DEFAULT);
    INM_TEST(H5Sget_simple_extent_npoints(H5Dget_space(ds1)) == 601 * 300, "series: 601 steps x 100 atoms x 3");
    H5Dread(ds1, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, sv);
    H5Dclose(ds1);
    ds1 = H5Dopen2(f, "particles/series/force/value", H5P_DEFAULT);
    H5Dread(ds1, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, sf);
    H5Dclose(ds1);
    H5Fclose(f);
    for (PetscInt i = 0; i < 300; i++) ds = PetscMax(ds, PetscMax(PetscAbsReal(sv[500 * 300 + i] - a->v[i]), PetscAbsReal(sf[500 * 300 + i] - a->f[i])));
    INM_TEST(a->step == 500 && ds == 0, "series row of step 500 = frame 1's v and f (|d| %g)", (double)ds);
    PetscCall(PetscFree2(sv, sf));
    PetscCall(InmConfigDestroy(&a));
  }
  PetscCall(InmPotentialDestroy(&pot));
  return InmTestEnd();
}
