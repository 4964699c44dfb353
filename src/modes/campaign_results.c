/* The results file of a campaign, written once by all ranks with parallel HDF5 (SPEC §11):
 *
 *   /                      campaign_id, identity, units, solver, model, versions
 *   /run                   ranks, groups, all options (the layout: not part of the identity)
 *   /modes/tasks/...       one entry per task: source, frame, temperature_nominal, N,
 *                          nmodes, volume, temperature (kinetic), mass_mean, ensemble
 *   /modes/task_NNNNNN/... lambda, omega, [omega_thz], participation, gamma_{xy,xz,yz,bulk},
 *                          [vectors, vector_index], [kpm/: the KPM moments, -inm_kpm_moments]
 *   /modes/ensembles/...   per (T, N): N, temperature_nominal, nsamples, f_s, f_u, f_u_L,
 *                          f_u_D, slope_a, slope_a_err
 *   /modes/ensemble_NNN/.. omega (bin centres), g, P, Gamma, count
 *
 * Every dataset and group is created by all ranks together, in the same order; the raw data
 * of a task is written (independent I/O) by the leader of the group that reads its task file,
 * tables and spectra by rank 0. The ensemble spectra are accumulated by the group leaders and
 * summed over all ranks (InmSpectrumReduce), so they are written once. The file is written to
 * OUTPUT.partial and renamed when complete; the task files are then removed. */
#include "campaign_impl.h"
#include <inmvisc/h5util.h>
#include <slepcsys.h>
#include <unistd.h>


typedef struct {
  PetscInt  nmodes, nvec, kpm_shape[INM_KPM_SHAPE];
  PetscReal volume, temperature, mass_mean;
} TaskInfo;

static const char *const GammaNames[INM_NCHANNEL] = {"gamma_xy", "gamma_xz", "gamma_yz", "gamma_bulk"};

/* The group leader that reads task t's file. */
static PetscBool IsReader(InmModesCampaign c, PetscInt t) { return (PetscBool)(c->grank == 0 && t % c->ngroups == c->color); }

static PetscErrorCode ReadTask(InmModesCampaign c, PetscInt t, InmModes **m)
{
  char         path[PETSC_MAX_PATH_LEN];
  InmModesInfo info;

  PetscFunctionBegin;
  PetscCall(InmModesCampaignTaskPath(c, t, path, sizeof(path)));
  PetscCall(InmModesRead(path, &info, m));
  PetscFunctionReturn(0);
}

/* Every task's modes into its ensemble's spectrum (by the group leader that reads it). */
static PetscErrorCode AddAll(InmModesCampaign c)
{
  PetscFunctionBegin;
  for (PetscInt t = 0; t < c->ntasks; t++) {
    InmModes *m;
    if (!IsReader(c, t)) continue;
    PetscCall(ReadTask(c, t, &m));
    PetscCall(InmSpectrumAdd(c->ens[c->ensemble[t]].spectrum, m, c->zero_tol));
    /* the KPM moments beyond the modes: the stable side of the unstable branch, or all without modes */
    PetscCall(InmSpectrumAddKPM(c->ens[c->ensemble[t]].spectrum, m, c->full ? PETSC_INFINITY : m->nmodes ? 0 : -PETSC_INFINITY));
    PetscCall(InmModesDestroy(&m));
  }
  PetscFunctionReturn(0);
}

/* The ensemble spectra on a grid common to the samples of each ensemble: the ensemble's range
 * of omega (or -inm_spectrum_range), nbins bins; fractions and the low-frequency slope. */
static PetscErrorCode Spectra(InmModesCampaign c)
{
  PetscReal *ext;
  PetscInt   ne = c->nens;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(3 * ne, &ext)); /* [min omega, -max omega, -(has KPM)] per ensemble, reduced by MIN */
  for (PetscInt k = 0; k < 3 * ne; k++) ext[k] = PETSC_MAX_REAL;
  for (PetscInt t = 0; t < c->ntasks && !ierr; t++) {
    InmModes *m;
    PetscReal z;
    if (!IsReader(c, t)) continue;
    PetscCall(ReadTask(c, t, &m));
    z = InmModesZeroThreshold(m, c->zero_tol); /* zero modes: left out of the spectra (SPEC §6) */
    for (PetscInt p = 0; p < m->nmodes; p++) {
      if (PetscAbsReal(m->lambda[p]) <= z) continue;
      ext[2 * c->ensemble[t]]     = PetscMin(ext[2 * c->ensemble[t]], m->omega[p]);
      ext[2 * c->ensemble[t] + 1] = PetscMin(ext[2 * c->ensemble[t] + 1], -m->omega[p]);
    }
    if (m->kpm_dos.nmom) { /* the KPM bounds of the spectrum: the grid covers what the moments add */
      const PetscReal lo = m->kpm_dos.center - m->kpm_dos.halfwidth, hi = m->kpm_dos.center + m->kpm_dos.halfwidth;
      ext[2 * c->ensemble[t]]     = PetscMin(ext[2 * c->ensemble[t]], lo < 0 ? -PetscSqrtReal(-lo) : PetscSqrtReal(lo));
      ext[2 * c->ensemble[t] + 1] = PetscMin(ext[2 * c->ensemble[t] + 1], hi < 0 ? PetscSqrtReal(-hi) : -PetscSqrtReal(hi));
      ext[2 * ne + c->ensemble[t]] = -1;
    }
    PetscCall(InmModesDestroy(&m));
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, ext, (PetscMPIInt)(3 * ne), MPIU_REAL, MPI_MIN, c->world));
  for (PetscInt e = 0; e < ne; e++) {
    PetscReal lo = ext[2 * e], hi = -ext[2 * e + 1];
    if (c->has_range) {
      lo = c->range[0];
      hi = c->range[1];
    } else {
      if (lo > hi) lo = hi = 0; /* no non-zero mode at all */
      if (!c->full && ext[2 * ne + e] > 0) hi = 0; /* the unstable branch ends at omega = 0 (without KPM moments) */
      if (hi - lo <= 0) hi = lo + 1;
    }
    c->ens[e].omega_c = c->omega_c;
    PetscCall(InmSpectrumCreate(lo, hi, c->nbins, c->omega_c, &c->ens[e].spectrum));
  }
  PetscCall(PetscFree(ext));
  PetscCall(AddAll(c));
  if (c->P_c > 0) { /* the mobility edge from P(omega), then the fractions with it */
    for (PetscInt e = 0; e < ne; e++) {
      InmSpectrum *s = c->ens[e].spectrum;
      PetscCall(InmSpectrumReduce(c->world, s));
      PetscCall(InmSpectrumFinish(s));
      PetscCall(InmSpectrumMobilityEdge(s, c->P_c, &c->ens[e].omega_c));
      PetscCall(InmSpectrumCreate(s->wmin, s->wmax, s->nbins, c->ens[e].omega_c, &c->ens[e].spectrum));
      PetscCall(InmSpectrumDestroy(&s));
    }
    PetscCall(AddAll(c));
  }
  for (PetscInt e = 0; e < ne; e++) {
    InmEnsemble *en = &c->ens[e];
    PetscReal    wfit;
    PetscCall(InmSpectrumReduce(c->world, en->spectrum));
    PetscCall(InmSpectrumFinish(en->spectrum));
    PetscCall(InmSpectrumFractions(en->spectrum, &en->fs, &en->fu, &en->fuL, &en->fuD));
    PetscCall(InmSpectrumTypicalEdge(en->spectrum, &en->omega_c_typ));
    if (!c->full) en->fs = 1 - en->fu; /* only the unstable branch was computed */
    wfit = c->slope_omega > 0 ? c->slope_omega : 0.1 * PetscMax(PetscAbsReal(en->spectrum->wmin), PetscAbsReal(en->spectrum->wmax));
    { /* -inm_nev keeps the most unstable modes only: they need not come near omega = 0, and
       * without a mode there, there is no slope to fit (NaN, said once) */
      PetscInt near = 0;
      for (PetscInt b = 0; b < en->spectrum->nbins; b++) near += PetscAbsReal(en->spectrum->wmin + (b + 0.5) * en->spectrum->dw) < wfit ? en->spectrum->count[b] : 0;
      if (!near && c->nev > 0) {
        en->slope = en->slope_err = (PetscReal)NAN;
        if (!e) PetscCall(PetscPrintf(c->world, "[modes] no computed mode below |omega| = %g (-inm_nev %" PetscInt_FMT " keeps the most unstable ones): the low-frequency slope a is not fitted\n", (double)wfit, c->nev));
        continue;
      }
    }
    PetscCall(InmSpectrumLowFrequencySlope(en->spectrum, wfit, &en->slope, &en->slope_err));
  }
  PetscFunctionReturn(0);
}

static herr_t Put(hid_t loc, const char *name, hid_t type, hsize_t n, const void *data, PetscBool write, const char *units)
{
  return InmH5Put(loc, name, type, 1, &n, data, write, units);
}

static herr_t PutStrings(hid_t loc, const char *name, PetscInt n, size_t width, const char *data, PetscBool write)
{
  hid_t  type = H5Tcopy(H5T_C_S1);
  herr_t st;
  H5Tset_size(type, width);
  st = Put(loc, name, type, (hsize_t)n, data, write, NULL);
  H5Tclose(type);
  return st;
}

static PetscErrorCode VersionText(char text[], size_t len)
{
  char     petsc[128], slepc[128];
  unsigned maj, min, rel;

  PetscFunctionBegin;
  PetscCall(PetscGetVersion(petsc, sizeof(petsc)));
  PetscCall(SlepcGetVersion(slepc, sizeof(slepc)));
  H5get_libversion(&maj, &min, &rel);
  PetscCall(PetscSNPrintf(text, len, "inmvisc %s; %s; %s; HDF5 %u.%u.%u; ELPA %s; ScaLAPACK %s", INMVISC_VERSION, petsc, slepc, maj, min, rel, INM_ELPA_VERSION, INM_SCALAPACK_VERSION));
  PetscFunctionReturn(0);
}

static herr_t TaskGroup(InmModesCampaign c, hid_t modes, PetscInt t, const TaskInfo *ti, const InmModes *m, PetscBool write)
{
  char            name[32];
  const InmUnits *u = c->u;
  hid_t           g;
  herr_t      st = 0;
  hsize_t     n  = (hsize_t)ti->nmodes;
  PetscReal  *thz = NULL;

  snprintf(name, sizeof(name), "task_%06d", (int)t);
  g = H5Gcreate2(modes, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) return -1;
  st |= InmH5AttrString(g, "source", c->tasks[t].path) < 0;
  st |= Put(g, "lambda", H5T_NATIVE_DOUBLE, n, write ? m->lambda : NULL, write, u->lambda) < 0;
  st |= Put(g, "omega", H5T_NATIVE_DOUBLE, n, write ? m->omega : NULL, write, u->omega) < 0;
  if (u->has_thz) {
    if (write) {
      thz = (PetscReal *)malloc(sizeof(PetscReal) * (n + 1));
      if (!thz) st = -1;
      for (hsize_t p = 0; thz && p < n; p++) thz[p] = m->omega[p] / (2 * PETSC_PI);
    }
    st |= Put(g, "omega_thz", H5T_NATIVE_DOUBLE, n, thz, (PetscBool)(write && thz), "THz") < 0;
    free(thz);
  }
  st |= Put(g, "participation", H5T_NATIVE_DOUBLE, n, write ? m->participation : NULL, write, "1") < 0;
  for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) st |= Put(g, GammaNames[ch], H5T_NATIVE_DOUBLE, n, write ? m->gamma[ch] : NULL, write, u->gamma) < 0;
  if (ti->nvec > 0) { /* eigenvectors kept on request (-inm_vectors) */
    const hsize_t dims[3] = {(hsize_t)ti->nvec, (hsize_t)c->natoms[t], 3};
    st |= InmH5Put(g, "vectors", H5T_NATIVE_DOUBLE, 3, dims, write ? m->vectors : NULL, write, "1 (mass-weighted eigenvector: e_i of atom i at [k][i][:], |v| = 1, largest component positive; mode vector_index[k])") < 0;
    st |= Put(g, "vector_index", INM_H5T_PETSCINT, (hsize_t)ti->nvec, write ? m->vec_index : NULL, write, NULL) < 0;
  }
  st |= InmModesWriteKPM(g, m, ti->kpm_shape, write) < 0; /* the KPM moments, if the solve made them */
  st |= H5Gclose(g) < 0;
  return st ? -1 : 0;
}

static PetscErrorCode WriteFile(InmModesCampaign c, const char partial[], const TaskInfo *ti)
{
  hid_t       fapl, file, run, modes, tab, ens;
  herr_t      st = 0;
  int         bad, anybad, ival;
  const char *uo = c->u->omega, *ug = c->u->gamma;
  char        versions[512], *opts, *names;
  PetscInt    ne = c->nens, nb = c->nbins;
  size_t      width = 1;
  PetscReal  *col;
  PetscInt   *icol;
  PetscBool   root = (PetscBool)(c->rank == 0);

  PetscFunctionBegin;
  PetscCall(VersionText(versions, sizeof(versions)));
  PetscCall(PetscOptionsGetAll(NULL, &opts));
  for (PetscInt t = 0; t < c->ntasks; t++) width = PetscMax(width, strlen(c->tasks[t].path) + 1);
  PetscCall(PetscCalloc1(width * c->ntasks, &names));
  for (PetscInt t = 0; t < c->ntasks; t++) PetscCall(PetscStrncpy(names + width * t, c->tasks[t].path, width));
  PetscCall(PetscMalloc2(PetscMax(c->ntasks, ne), &col, PetscMax(c->ntasks, ne), &icol));

  fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, c->world, MPI_INFO_NULL);
  file = InmH5CreateOutput(partial, INM_OUTPUT_CAMPAIGN, fapl);
  H5Pclose(fapl);
  bad = file < 0;
  PetscCallMPI(MPI_Allreduce(&bad, &anybad, 1, MPI_INT, MPI_MAX, c->world));
  PetscCheck(!anybad, c->world, PETSC_ERR_FILE_OPEN, "%s: cannot create the results file %s with parallel HDF5", c->output, partial);

  st |= InmH5AttrString(file, "campaign_id", c->id) < 0;
  st |= InmH5AttrString(file, "identity", c->identity) < 0;
  st |= InmH5AttrString(file, "units", c->units[0] ? c->units : "unknown") < 0;
  st |= InmH5AttrString(file, "solver", c->solver) < 0;
  st |= InmH5AttrString(file, "model", c->pot->name) < 0;
  st |= InmH5AttrString(file, "modes", c->full ? (c->nev > 0 ? "the -inm_nev lowest modes of each task" : "all 3N modes of each task, ascending lambda; spectra over the 3N-3 non-zero modes") : strcmp(c->solver, "kpm") ? "the unstable branch of each task (slepc); fractions over 3N-3 modes, f_s = 1 - f_u" : "no modes (-inm_solver kpm): spectra and fractions from the KPM moments of each task, f_s = 1 - f_u") < 0;
  st |= InmH5AttrString(file, "inmvisc_version", INMVISC_VERSION) < 0;
  st |= InmH5AttrString(file, "versions", versions) < 0;
  run = H5Gcreate2(file, "run", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  ival = (int)c->size;
  st |= InmH5AttrNumber(run, "ranks", H5T_NATIVE_INT, &ival) < 0;
  ival = (int)c->ngroups;
  st |= InmH5AttrNumber(run, "groups", H5T_NATIVE_INT, &ival) < 0;
  st |= InmH5AttrString(run, "options", opts) < 0;
  st |= H5Gclose(run) < 0;

  modes = H5Gcreate2(file, "modes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  tab   = H5Gcreate2(modes, "tasks", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  st |= PutStrings(tab, "source", c->ntasks, width, names, root) < 0;
  for (PetscInt t = 0; t < c->ntasks; t++) icol[t] = c->tasks[t].frame;
  st |= Put(tab, "frame", INM_H5T_PETSCINT, (hsize_t)c->ntasks, icol, root, NULL) < 0;
  for (PetscInt t = 0; t < c->ntasks; t++) col[t] = c->tasks[t].T;
  st |= Put(tab, "temperature_nominal", H5T_NATIVE_DOUBLE, (hsize_t)c->ntasks, col, root, "temperature") < 0;
  st |= Put(tab, "N", INM_H5T_PETSCINT, (hsize_t)c->ntasks, c->natoms, root, NULL) < 0;
  for (PetscInt t = 0; t < c->ntasks; t++) icol[t] = ti[t].nmodes;
  st |= Put(tab, "nmodes", INM_H5T_PETSCINT, (hsize_t)c->ntasks, icol, root, NULL) < 0;
  for (PetscInt t = 0; t < c->ntasks; t++) col[t] = ti[t].volume;
  st |= Put(tab, "volume", H5T_NATIVE_DOUBLE, (hsize_t)c->ntasks, col, root, "length^3") < 0;
  for (PetscInt t = 0; t < c->ntasks; t++) col[t] = ti[t].temperature;
  st |= Put(tab, "temperature", H5T_NATIVE_DOUBLE, (hsize_t)c->ntasks, col, root, "temperature (kinetic, 3N-3 degrees of freedom; NaN without velocities)") < 0;
  for (PetscInt t = 0; t < c->ntasks; t++) col[t] = ti[t].mass_mean;
  st |= Put(tab, "mass_mean", H5T_NATIVE_DOUBLE, (hsize_t)c->ntasks, col, root, c->u->mass) < 0;
  st |= Put(tab, "ensemble", INM_H5T_PETSCINT, (hsize_t)c->ntasks, c->ensemble, root, NULL) < 0;
  st |= H5Gclose(tab) < 0;

  for (PetscInt t = 0; t < c->ntasks; t++) { /* collective creation; the reader writes */
    InmModes *m    = NULL;
    PetscBool mine = IsReader(c, t);
    if (mine) PetscCall(ReadTask(c, t, &m));
    st |= TaskGroup(c, modes, t, &ti[t], m, mine) < 0;
    PetscCall(InmModesDestroy(&m));
  }

  ens = H5Gcreate2(modes, "ensembles", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  {
    const char *names6[6] = {"f_s", "f_u", "f_u_L", "f_u_D", "slope_a", "slope_a_err"};
    for (PetscInt e = 0; e < ne; e++) icol[e] = c->ens[e].natoms;
    st |= Put(ens, "N", INM_H5T_PETSCINT, (hsize_t)ne, icol, root, NULL) < 0;
    for (PetscInt e = 0; e < ne; e++) icol[e] = c->ens[e].spectrum->nsamples;
    st |= Put(ens, "nsamples", INM_H5T_PETSCINT, (hsize_t)ne, icol, root, NULL) < 0;
    for (PetscInt e = 0; e < ne; e++) col[e] = c->ens[e].T;
    st |= Put(ens, "temperature_nominal", H5T_NATIVE_DOUBLE, (hsize_t)ne, col, root, "temperature") < 0;
    for (int q = 0; q < 6; q++) {
      if ((q == 2 || q == 3) && c->omega_c <= 0 && c->P_c <= 0) continue; /* localized vs delocalized needs omega_c */
      for (PetscInt e = 0; e < ne; e++) {
        const InmEnsemble *en = &c->ens[e];
        const PetscReal    v[6] = {en->fs, en->fu, en->fuL, en->fuD, en->slope, en->slope_err};
        col[e] = v[q];
      }
      st |= Put(ens, names6[q], H5T_NATIVE_DOUBLE, (hsize_t)ne, col, root, q < 4 ? "1" : "1/omega^2 (g per unit omega, per unit |omega|)") < 0;
    }
    if (c->omega_c > 0 || c->P_c > 0) {
      for (PetscInt e = 0; e < ne; e++) col[e] = c->ens[e].omega_c;
      st |= Put(ens, "omega_c", H5T_NATIVE_DOUBLE, (hsize_t)ne, col, root, uo) < 0;
    }
    if (c->P_c > 0) st |= InmH5AttrNumber(ens, "P_c", H5T_NATIVE_DOUBLE, &c->P_c) < 0;
    if (c->ens[0].spectrum->ntypical > 0) { /* every task has local densities or none (the options are the campaign's) */
      for (PetscInt e = 0; e < ne; e++) col[e] = c->ens[e].omega_c_typ;
      st |= Put(ens, "omega_c_typical", H5T_NATIVE_DOUBLE, (hsize_t)ne, col, root, uo) < 0;
      st |= InmH5AttrString(ens, "omega_c_typical_note", "|omega_c| where log2(typical_ratio / typical_ratio_half), the exponent of rho_typ/rho_mean in the number of moments, first falls below -1/2 going down from omega = 0; 0: never") < 0;
    }
    st |= InmH5AttrString(ens, "fractions", "over the 3N-3 non-zero modes of all samples; unstable localized: omega < -omega_c") < 0;
  }
  st |= H5Gclose(ens) < 0;
  for (PetscInt e = 0; e < ne; e++) {
    char               name[32];
    const InmSpectrum *s = c->ens[e].spectrum;
    PetscReal         *w;
    hid_t              g;
    PetscCall(PetscMalloc1(nb, &w));
    for (PetscInt b = 0; b < nb; b++) w[b] = s->wmin + (b + 0.5) * s->dw;
    snprintf(name, sizeof(name), "ensemble_%03d", (int)e);
    g = H5Gcreate2(modes, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    st |= InmH5AttrNumber(g, "bin_width", H5T_NATIVE_DOUBLE, &s->dw) < 0;
    ival = (int)s->min_count;
    st |= InmH5AttrNumber(g, "min_count", H5T_NATIVE_INT, &ival) < 0;
    st |= InmH5AttrString(g, "note", "g normalised to unit integral over the 3N-3 non-zero modes; P and Gamma (mean of xy, xz, yz) are bin means, bins with count < min_count are noisy") < 0;
    st |= Put(g, "omega", H5T_NATIVE_DOUBLE, (hsize_t)nb, w, root, uo) < 0;
    st |= Put(g, "g", H5T_NATIVE_DOUBLE, (hsize_t)nb, s->g, root, "1/omega") < 0;
    st |= Put(g, "P", H5T_NATIVE_DOUBLE, (hsize_t)nb, s->P, root, "1") < 0;
    st |= Put(g, "Gamma", H5T_NATIVE_DOUBLE, (hsize_t)nb, s->Gamma, root, ug) < 0;
    st |= Put(g, "count", INM_H5T_PETSCINT, (hsize_t)nb, s->count, root, NULL) < 0;
    if (s->ntypical > 0) st |= Put(g, "typical_ratio", H5T_NATIVE_DOUBLE, (hsize_t)nb, s->typical, root, "1 (rho_typ / rho_mean of the local densities of states of -inm_kpm_sites random atoms, mean over the samples)") < 0;
    if (s->ntypical > 0) st |= Put(g, "typical_ratio_half", H5T_NATIVE_DOUBLE, (hsize_t)nb, s->typical_half, root, "1 (the same from the first half of the site moments)") < 0;
    st |= H5Gclose(g) < 0;
    PetscCall(PetscFree(w));
  }
  st |= H5Gclose(modes) < 0;
  st |= H5Fclose(file) < 0;
  PetscCall(PetscFree2(col, icol));
  PetscCall(PetscFree(names));
  PetscCall(PetscFree(opts));
  bad = st ? 1 : 0;
  PetscCallMPI(MPI_Allreduce(&bad, &anybad, 1, MPI_INT, MPI_MAX, c->world));
  PetscCheck(!anybad, c->world, PETSC_ERR_FILE_WRITE, "%s: writing the results failed (disk full or file system error)", c->output);
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesCampaignWriteResults(InmModesCampaign c)
{
  char           partial[PETSC_MAX_PATH_LEN];
  TaskInfo      *ti;
  PetscErrorCode ierr = 0;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  PetscCall(PetscLogEventBegin(INM_EVENTS.write, 0, 0, 0, 0));
  PetscCall(PetscMalloc1(c->ntasks, &ti));
  if (c->rank == 0)
    for (PetscInt t = 0; t < c->ntasks && !ierr; t++) {
      char         path[PETSC_MAX_PATH_LEN];
      InmModesInfo info;
      ierr = InmModesCampaignTaskPath(c, t, path, sizeof(path));
      if (!ierr) ierr = InmModesRead(path, &info, NULL);
      if (ierr) break;
      ti[t].nmodes      = info.nmodes;
      ti[t].nvec        = info.nvec;
      PetscCall(PetscArraycpy(ti[t].kpm_shape, info.kpm_shape, INM_KPM_SHAPE));
      ti[t].volume      = info.volume;
      ti[t].temperature = info.temperature;
      ti[t].mass_mean   = info.mass_mean;
    }
  PetscCall(InmCheckCollective(c->world, 0, ierr));
  PetscCallMPI(MPI_Bcast(ti, (int)(c->ntasks * sizeof(TaskInfo)), MPI_BYTE, 0, c->world));
  PetscCall(Spectra(c));
  PetscCall(InmPartialPath(c->output, partial, sizeof(partial)));
  ierr = WriteFile(c, partial, ti);
  if (ierr) (void)InmDiscardFile(c->world, c->output);
  PetscCall(ierr);
  PetscCall(InmCommitFile(c->world, c->output));
  if (c->rank == 0) { /* the results are safe: the task files have served */
    for (PetscInt t = 0; t < c->ntasks; t++) {
      char path[PETSC_MAX_PATH_LEN];
      PetscCall(InmModesCampaignTaskPath(c, t, path, sizeof(path)));
      (void)remove(path);
    }
    (void)rmdir(c->staging);
  }
  PetscCall(PetscFree(ti));
  PetscCall(PetscLogEventEnd(INM_EVENTS.write, 0, 0, 0, 0));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(c->world, "[modes] wrote %s: %" PetscInt_FMT " tasks, %" PetscInt_FMT " ensembles (%.2f s)\n", c->output, c->ntasks, c->nens, (double)(t1 - t0)));
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesCampaignView(InmModesCampaign c)
{
  PetscFunctionBegin;
  if (!c->nens || !c->ens[0].spectrum) PetscFunctionReturn(0); /* nothing computed in this run */
  PetscCall(PetscPrintf(c->world, "\n  %10s %8s %8s %9s %9s", "T", "N", "samples", "f_s", "f_u"));
  const PetscBool typ = (PetscBool)(c->ens[0].spectrum->ntypical > 0);
  if (c->omega_c > 0 || c->P_c > 0) PetscCall(PetscPrintf(c->world, " %9s %9s %9s", "omega_c", "f_u^L", "f_u^D"));
  PetscCall(PetscPrintf(c->world, " %12s", "a"));
  if (typ) PetscCall(PetscPrintf(c->world, " %12s", "omega_c^typ"));
  PetscCall(PetscPrintf(c->world, "  (%s units; slope a of g = a|omega| near 0%s)\n", c->units, typ ? "; omega_c^typ: the typical density of states' edge" : ""));
  for (PetscInt e = 0; e < c->nens; e++) {
    const InmEnsemble *en = &c->ens[e];
    if (PetscIsNanReal(en->T)) PetscCall(PetscPrintf(c->world, "  %10s", "-"));
    else PetscCall(PetscPrintf(c->world, "  %10.4g", (double)en->T));
    PetscCall(PetscPrintf(c->world, " %8" PetscInt_FMT " %8" PetscInt_FMT " %9.4f %9.4f", en->natoms, en->spectrum->nsamples, (double)en->fs, (double)en->fu));
    if (c->omega_c > 0 || c->P_c > 0) PetscCall(PetscPrintf(c->world, " %9.4g %9.4f %9.4f", (double)en->omega_c, (double)en->fuL, (double)en->fuD));
    PetscCall(PetscPrintf(c->world, " %12.5g", (double)en->slope));
    if (typ) PetscCall(PetscPrintf(c->world, " %12.4g", (double)en->omega_c_typ));
    PetscCall(PetscPrintf(c->world, "\n"));
  }
  PetscFunctionReturn(0);
}
