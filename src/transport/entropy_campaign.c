/* `inmvisc entropy`: S_conf(T) = S_total(T) - <S_vib>(T) of a prepare campaign's snapshots
 * (include/inmvisc/entropy.h for the formulas, the jobs and the file). MD time step and
 * thermostat damping are the units style's (units.h: lj 0.005 and 0.5 tau, metal 1 fs and
 * 0.1 ps); each TI node equilibrates and samples for -entropy_time (default 5 and 20 times
 * the style's md_time: 10 and 40 tau, 5 and 20 ps). */
#include <inmvisc/entropy.h>
#include <inmvisc/config.h>
#include <inmvisc/eigen.h>
#include <inmvisc/h5util.h>
#include <inmvisc/io.h>
#include <inmvisc/modes.h>

struct _p_InmEntropy {
  MPI_Comm        comm;
  PetscMPIInt     rank, size;
  char            input[PETSC_MAX_PATH_LEN], output[PETSC_MAX_PATH_LEN], units[16];
  PetscReal       T0, time[2], ftol;
  PetscInt        natoms, max_samples;
  InmPotential    pot;
  const InmUnits *u;
  PetscInt        ntask; /* the snapshots used: of size natoms, at most max_samples per T */
  InmTask        *task;
  PetscInt       *tindex;                 /* [ntask] index of the task's T in T[] */
  PetscInt        nT;
  PetscReal      *T;                      /* [nT] descending */
  PetscReal       rho;
  InmEntropyTI    ti;                     /* rank 0 */
  PetscReal      *s_vib, *u_is;           /* [ntask] at the task's T */
  PetscReal      *svib, *svib_err, *uis, *sconf, *sconf_err; /* [nT] */
  PetscInt       *nsamples;               /* [nT] */
};

PetscErrorCode InmEntropyCreate(MPI_Comm comm, InmEntropy *out)
{
  InmEntropy e;

  PetscFunctionBegin;
  PetscCall(PetscNew(&e));
  e->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &e->rank));
  PetscCallMPI(MPI_Comm_size(comm, &e->size));
  e->ftol = 1e-10;
  *out    = e;
  PetscFunctionReturn(0);
}

PetscErrorCode InmEntropySetFromOptions(InmEntropy e)
{
  PetscBool      hasin = PETSC_FALSE, hasout = PETSC_FALSE, help;
  PetscInt       two   = 2;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscOptionsBegin(e->comm, NULL, "inmvisc entropy: configurational entropy S_conf = S_total - S_vib of a prepare campaign", "entropy");
  PetscCall(PetscOptionsString("-input", "A prepare output directory (its snapshots.txt) or a task list file 'path frame T'", "entropy", e->input, e->input, sizeof(e->input), &hasin));
  PetscCall(PetscOptionsString("-output", "Results file (HDF5)", "entropy", e->output, e->output, sizeof(e->output), &hasout));
  PetscCall(PetscOptionsReal("-entropy_T0", "Temperature of the density path from the ideal gas, above any gas-liquid coexistence (0: 2.5 times the highest temperature)", "entropy", e->T0, &e->T0, NULL));
  PetscCall(PetscOptionsRealArray("-entropy_time", "Each thermodynamic-integration node: time to equilibrate, then to sample (0,0: 5 and 20 times the style's md_time)", "entropy", e->time, &two, NULL));
  PetscCall(PetscOptionsReal("-entropy_ftol", "Force tolerance of the quench to the inherent structure (LAMMPS minimize)", "entropy", e->ftol, &e->ftol, NULL));
  PetscCall(PetscOptionsInt("-entropy_size", "Use the snapshots of this many atoms (0: the smallest size of the input)", "entropy", e->natoms, &e->natoms, NULL));
  PetscCall(PetscOptionsInt("-entropy_samples", "At most this many snapshots per temperature for S_vib (0: all)", "entropy", e->max_samples, &e->max_samples, NULL));
  PetscOptionsEnd();
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (help) PetscFunctionReturn(0);
  PetscCall(InmReplicatedBegin(e->comm));
  ierr = InmPotentialCreateFromOptions(NULL, &e->pot);
  PetscCall(InmReplicatedEnd(e->comm, ierr));
  PetscCheck(hasin, e->comm, PETSC_ERR_USER_INPUT, "entropy: -input DIR (a prepare output) or -input TASKS.txt is required");
  PetscCheck(hasout, e->comm, PETSC_ERR_USER_INPUT, "entropy: -output FILE.h5 is required");
  PetscCheck(e->T0 >= 0 && e->time[0] >= 0 && e->time[1] >= 0 && e->ftol > 0 && e->natoms >= 0 && e->max_samples >= 0, e->comm, PETSC_ERR_USER_INPUT, "entropy: -entropy_ftol must be positive, -entropy_T0, -entropy_time, -entropy_size and -entropy_samples not negative");
  PetscFunctionReturn(0);
}

/* Rank 0: the task list, each snapshot's size and density, the selection. */
static PetscErrorCode ReadTasks(InmEntropy e)
{
  char               list[PETSC_MAX_PATH_LEN];
  PetscBool          isdir = PETSC_FALSE;
  InmTask           *all;
  PetscInt           nall, *size, keep = 0;
  InmTrajectoryInfo *info;
  const PetscBool    given = (PetscBool)(e->natoms > 0);

  PetscFunctionBegin;
  PetscCall(PetscTestDirectory(e->input, 'r', &isdir));
  if (isdir) PetscCall(PetscSNPrintf(list, sizeof(list), "%s/snapshots.txt", e->input));
  else PetscCall(PetscStrncpy(list, e->input, sizeof(list)));
  PetscCall(InmTaskListRead(list, -1, &nall, &all));
  PetscCall(PetscMalloc2(nall, &size, nall, &info));
  for (PetscInt k = 0; k < nall; k++) {
    PetscCheck(!PetscIsNanReal(all[k].T), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: snapshot %s has no temperature (want 'path frame T' per line)", list, all[k].path);
    PetscCall(InmTrajectoryReadInfo(all[k].path, &info[k]));
    size[k] = info[k].natoms;
    if (!given) e->natoms = k ? PetscMin(e->natoms, size[k]) : size[k];
  }
  PetscCall(PetscMalloc2(nall, &e->task, nall, &e->tindex));
  PetscCall(PetscMalloc1(nall, &e->T));
  for (PetscInt k = 0; k < nall; k++) { /* distinct temperatures, descending */
    PetscBool seen = PETSC_FALSE;
    if (size[k] != e->natoms) continue;
    for (PetscInt j = 0; j < e->nT; j++) seen = (PetscBool)(seen || PetscAbsReal(e->T[j] - all[k].T) <= 1e-9 * all[k].T);
    if (!seen) e->T[e->nT++] = all[k].T;
  }
  PetscCall(PetscSortReal(e->nT, e->T));
  for (PetscInt j = 0; j < e->nT / 2; j++) {
    const PetscReal t    = e->T[j];
    e->T[j]              = e->T[e->nT - 1 - j];
    e->T[e->nT - 1 - j] = t;
  }
  for (PetscInt k = 0; k < nall; k++) {
    PetscInt        j = 0, have = 0;
    const PetscReal rho = size[k] / info[k].volume;
    if (size[k] != e->natoms) continue;
    while (PetscAbsReal(e->T[j] - all[k].T) > 1e-9 * all[k].T) j++;
    for (PetscInt q = 0; q < keep; q++) have += e->tindex[q] == j;
    if (e->max_samples && have >= e->max_samples) continue;
    if (!keep) e->rho = rho;
    PetscCheck(PetscAbsReal(rho / e->rho - 1) < 1e-6, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: density %g differs from %s's %g: one thermodynamic integration serves one density", all[k].path, (double)rho, e->task[0].path, (double)e->rho);
    e->task[keep]     = all[k];
    e->tindex[keep++] = j;
  }
  e->ntask = keep;
  PetscCheck(keep > 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: no snapshot of %" PetscInt_FMT " atoms", list, e->natoms);
  PetscCall(PetscFree(all));
  PetscCall(PetscFree2(size, info));
  PetscFunctionReturn(0);
}

PetscErrorCode InmEntropySetUp(InmEntropy e)
{
  PetscErrorCode ierr = 0;
  InmConfig     *c    = NULL;

  PetscFunctionBegin;
  PetscCall(InmCheckWritable(e->comm, e->output));
  if (!e->rank) {
    ierr = ReadTasks(e);
    if (!ierr) ierr = InmConfigRead(PETSC_COMM_SELF, e->task[0].path, INM_FORMAT_AUTO, e->task[0].frame, &c);
    if (!ierr) ierr = InmModesCheckModel(PETSC_COMM_SELF, c, e->pot); /* the snapshot's potential is -model's */
    if (!ierr) ierr = PetscStrncpy(e->units, c->units, sizeof(e->units));
    if (c) PetscCall(InmConfigDestroy(&c));
  }
  PetscCall(InmCheckCollective(e->comm, 0, ierr));
  {
    const char *in = e->rank ? NULL : e->task[0].path;
    PetscCall(InmCheckNotInput(e->comm, e->output, e->rank ? 0 : 1, &in));
  }
  PetscCall(InmCheckOutputKind(e->comm, e->output, INM_OUTPUT_ENTROPY));
  PetscCallMPI(MPI_Bcast(&e->ntask, 1, MPIU_INT, 0, e->comm));
  PetscCallMPI(MPI_Bcast(&e->nT, 1, MPIU_INT, 0, e->comm));
  if (e->rank) PetscCall(PetscMalloc2(e->ntask, &e->task, e->ntask, &e->tindex));
  if (e->rank) PetscCall(PetscMalloc1(e->nT, &e->T));
  PetscCallMPI(MPI_Bcast(e->task, (int)(e->ntask * sizeof(InmTask)), MPI_BYTE, 0, e->comm));
  PetscCallMPI(MPI_Bcast(e->tindex, (int)e->ntask, MPIU_INT, 0, e->comm));
  PetscCallMPI(MPI_Bcast(e->T, (int)e->nT, MPIU_REAL, 0, e->comm));
  PetscCallMPI(MPI_Bcast(&e->rho, 1, MPIU_REAL, 0, e->comm));
  PetscCallMPI(MPI_Bcast(&e->natoms, 1, MPIU_INT, 0, e->comm));
  PetscCallMPI(MPI_Bcast(e->units, sizeof(e->units), MPI_CHAR, 0, e->comm));
  PetscCall(InmUnitsGet(e->units, &e->u));
  {
    PetscReal Tmax = 0;
    for (PetscInt k = 0; k < e->nT; k++) Tmax = PetscMax(Tmax, e->T[k]);
    if (!e->T0) e->T0 = 2.5 * Tmax;
    PetscCheck(e->T0 > Tmax, e->comm, PETSC_ERR_USER_INPUT, "entropy: -entropy_T0 %g is not above the highest temperature %g", (double)e->T0, (double)Tmax);
  }
  PetscCall(PetscCalloc2(e->ntask, &e->s_vib, e->ntask, &e->u_is));
  PetscCall(PetscCalloc5(e->nT, &e->svib, e->nT, &e->svib_err, e->nT, &e->uis, e->nT, &e->sconf, e->nT, &e->sconf_err));
  PetscCall(PetscCalloc1(e->nT, &e->nsamples));
  PetscFunctionReturn(0);
}

/* The rank of quench job j: every rank in turn, after the integration's two paths (on ranks 0
 * and 1); a quench and its one LDL^T take seconds to a minute, a path tens of minutes at
 * N = 4000. */
static PetscMPIInt QuenchRank(InmEntropy e, PetscInt j)
{
  return (PetscMPIInt)(j % e->size);
}

/* Per temperature: <S_vib> with the standard error of the mean over samples, S_conf. */
static void Combine(InmEntropy e)
{
  for (PetscInt k = 0; k < e->nT; k++) {
    PetscReal s1 = 0, s2 = 0, u1 = 0, st = NAN, se = 0, sq = 0;
    PetscInt  n = 0;
    for (PetscInt j = 0; j < e->ntask; j++)
      if (e->tindex[j] == k) s1 += e->s_vib[j], s2 += PetscSqr(e->s_vib[j]), u1 += e->u_is[j], n++;
    e->nsamples[k] = n;
    e->svib[k]     = s1 / n;
    e->uis[k]      = u1 / n;
    e->svib_err[k] = n > 1 ? PetscSqrtReal(PetscMax(0, s2 / n - PetscSqr(s1 / n)) / (n - 1)) : 0;
    for (PetscInt q = 0; q < e->ti.nT; q++)
      if (PetscAbsReal(e->ti.T[q] - e->T[k]) <= 1e-9 * e->T[k]) st = e->ti.s_total[q], se = e->ti.s_err[q], sq = e->ti.s_quad[q];
    e->sconf[k]     = st - e->svib[k];
    e->sconf_err[k] = PetscSqrtReal(se * se + sq * sq + PetscSqr(e->svib_err[k]));
  }
}

static PetscErrorCode WriteResults(InmEntropy e)
{
  char               partial[PETSC_MAX_PATH_LEN], uT[64];
  hid_t              f, g, h;
  herr_t             st = 0;
  const InmEntropyTI *ti = &e->ti;
  const char         *kB = "kB per atom", *uE = e->u->energy;
  PetscReal          *Tt;
  PetscInt           *ns = e->nsamples;
  const hsize_t       dT = (hsize_t)e->nT, dS = (hsize_t)e->ntask, dD = INM_TI_DENSITY_NODES, dN = (hsize_t)ti->nnode;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(uT, e->u->temperature, sizeof(uT)));
  PetscCall(InmH5CreateResults(e->output, INM_OUTPUT_ENTROPY, e->units, e->input, partial, sizeof(partial), &f));
  g = H5Gcreate2(f, "entropy", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  st |= InmH5AttrNumber(g, "N", INM_H5T_PETSCINT, &e->natoms) < 0;
  st |= InmH5AttrNumber(g, "density", H5T_NATIVE_DOUBLE, &e->rho) < 0;
  st |= InmH5AttrNumber(g, "T0", H5T_NATIVE_DOUBLE, &ti->T0) < 0;
  st |= InmH5AttrNumber(g, "beta0_Fex_per_atom", H5T_NATIVE_DOUBLE, &ti->fex0) < 0;
  st |= InmH5AttrNumber(g, "beta0_Fex_err", H5T_NATIVE_DOUBLE, &ti->fex0_err) < 0;
  st |= InmH5AttrNumber(g, "beta0_Fex_quad", H5T_NATIVE_DOUBLE, &ti->fex0_quad) < 0;
  st |= InmH5AttrString(g, "method", "S_total by TI from the ideal gas (density path at T0: Gauss-Kronrod 15; temperature path at rho: Gauss-Lobatto 5 per segment); S_vib harmonic at the inherent structures; S_conf = S_total - <S_vib>") < 0;
  st |= InmH5WriteReals(g, "temperature", 1, &dT, e->T, uT) < 0;
  st |= InmH5WriteReals(g, "sconf", 1, &dT, e->sconf, kB) < 0;
  st |= InmH5WriteReals(g, "sconf_err", 1, &dT, e->sconf_err, kB) < 0;
  st |= InmH5WriteReals(g, "s_vib", 1, &dT, e->svib, kB) < 0;
  st |= InmH5WriteReals(g, "s_vib_err", 1, &dT, e->svib_err, kB) < 0;
  st |= InmH5WriteReals(g, "u_is", 1, &dT, e->uis, uE) < 0;
  st |= InmH5Write(g, "nsamples", INM_H5T_PETSCINT, 1, &dT, ns) < 0;
  /* S_total at the same temperatures, in the same order (the TI sorted the same set descending) */
  st |= InmH5WriteReals(g, "s_total", 1, &dT, ti->s_total, kB) < 0;
  st |= InmH5WriteReals(g, "s_total_err", 1, &dT, ti->s_err, kB) < 0;
  st |= InmH5WriteReals(g, "s_total_quad", 1, &dT, ti->s_quad, kB) < 0;
  st |= InmH5WriteReals(g, "s_ideal", 1, &dT, ti->s_id, kB) < 0;
  st |= InmH5WriteReals(g, "s_excess", 1, &dT, ti->s_ex, kB) < 0;
  st |= InmH5WriteReals(g, "potential_energy", 1, &dT, ti->U, uE) < 0;
  h = H5Gcreate2(g, "samples", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  PetscCall(PetscMalloc1(e->ntask, &Tt));
  for (PetscInt j = 0; j < e->ntask; j++) Tt[j] = e->T[e->tindex[j]];
  st |= InmH5WriteReals(h, "temperature", 1, &dS, Tt, uT) < 0;
  st |= InmH5WriteReals(h, "s_vib", 1, &dS, e->s_vib, kB) < 0;
  st |= InmH5WriteReals(h, "u_is", 1, &dS, e->u_is, uE) < 0;
  for (PetscInt j = 0; j < e->ntask; j++) Tt[j] = ti->s_total[e->tindex[j]] - e->s_vib[j]; /* S_conf of the sample */
  st |= InmH5WriteReals(h, "sconf", 1, &dS, Tt, kB) < 0;
  PetscCall(PetscFree(Tt));
  H5Gclose(h);
  h = H5Gcreate2(g, "density_path", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  st |= InmH5WriteReals(h, "density", 1, &dD, ti->rho_node, e->u->number_density) < 0;
  st |= InmH5WriteReals(h, "z_minus_1_over_rho", 1, &dD, ti->z_node, NULL) < 0;
  st |= InmH5WriteReals(h, "z_minus_1_over_rho_err", 1, &dD, ti->z_err, NULL) < 0;
  H5Gclose(h);
  h = H5Gcreate2(g, "temperature_path", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  st |= InmH5WriteReals(h, "temperature", 1, &dN, ti->T_node, uT) < 0;
  st |= InmH5WriteReals(h, "potential_energy", 1, &dN, ti->U_node, uE) < 0;
  st |= InmH5WriteReals(h, "potential_energy_err", 1, &dN, ti->U_err, uE) < 0;
  H5Gclose(h);
  H5Gclose(g);
  st |= H5Fclose(f) < 0;
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: writing failed (disk full or file system error)", partial);
  PetscFunctionReturn(0);
}

PetscErrorCode InmEntropyRun(InmEntropy e)
{
  const PetscReal tm = e->u->md_time;
  InmBulkOptions  o  = {.dt = e->u->md_dt, .tdamp = e->u->md_tdamp, .seed = 4321};
  PetscInt        mine = 0, done = 0;
  PetscLogDouble  t0;
  PetscErrorCode  ierr = 0;

  PetscFunctionBegin;
  o.equil   = (PetscInt)((e->time[0] > 0 ? e->time[0] : 5 * tm) / o.dt + 0.5);
  o.measure = (PetscInt)((e->time[1] > 0 ? e->time[1] : 20 * tm) / o.dt + 0.5);
  PetscCall(PetscPrintf(e->comm, "[entropy] %" PetscInt_FMT " snapshots of %" PetscInt_FMT " atoms at %" PetscInt_FMT " temperatures, density %g; TI from T0 = %g (%" PetscInt_FMT " + %" PetscInt_FMT " NVT runs of %" PetscInt_FMT " + %" PetscInt_FMT " steps) (density path on rank 0, temperature path on rank %d), then the quenches on all %d ranks in turn\n", e->ntask, e->natoms, e->nT, (double)e->rho, (double)e->T0, (PetscInt)INM_TI_DENSITY_NODES, 1 + 4 * e->nT, o.equil, o.measure, e->size > 1 ? 1 : 0, (int)e->size));
  PetscCall(PetscTime(&t0));
  { /* the two paths side by side: density on rank 0, temperature on rank 1 (0 when alone) */
    const PetscMPIInt tpath = e->size > 1 ? 1 : 0;
    InmConfig        *c     = NULL;
    if (e->rank == 0 || e->rank == tpath) PetscCall(InmConfigRead(PETSC_COMM_SELF, e->task[0].path, INM_FORMAT_AUTO, e->task[0].frame, &c));
    PetscCall(InmEntropyTISetUp(e->comm, e->rho, e->nT, e->T, e->T0, &e->ti));
    if (e->rank == 0) PetscCall(InmEntropyTIDensityPath(PETSC_COMM_SELF, e->pot, c, &o, &e->ti));
    if (e->rank == tpath) PetscCall(InmEntropyTITemperaturePath(PETSC_COMM_SELF, e->pot, c, &o, &e->ti));
    if (tpath) { /* the temperature path's nodes to rank 0 */
      PetscCallMPI(MPI_Bcast(e->ti.T_node, (int)e->ti.nnode, MPIU_REAL, tpath, e->comm));
      PetscCallMPI(MPI_Bcast(e->ti.U_node, (int)e->ti.nnode, MPIU_REAL, tpath, e->comm));
      PetscCallMPI(MPI_Bcast(e->ti.U_err, (int)e->ti.nnode, MPIU_REAL, tpath, e->comm));
    }
    if (e->rank == 0) PetscCall(InmEntropyTICombine(c, &e->ti));
    PetscCall(InmConfigDestroy(&c));
  }
  for (PetscInt j = 0; j < e->ntask; j++) mine += QuenchRank(e, j) == e->rank;
  for (PetscInt j = 0; j < e->ntask; j++) {
    InmConfig      *c;
    const PetscReal T = e->T[e->tindex[j]];
    if (QuenchRank(e, j) != e->rank) continue;
    PetscCall(InmConfigRead(PETSC_COMM_SELF, e->task[j].path, INM_FORMAT_AUTO, e->task[j].frame, &c));
    PetscCall(InmInherentStructureEntropy(PETSC_COMM_SELF, e->pot, c, e->ftol, NULL, 1, &T, &e->u_is[j], &e->s_vib[j], NULL));
    PetscCall(InmConfigDestroy(&c));
    PetscCall(InmProgress(PETSC_COMM_SELF, "entropy: inherent structures", ++done, mine, t0));
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, e->s_vib, (int)e->ntask, MPIU_REAL, MPIU_SUM, e->comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, e->u_is, (int)e->ntask, MPIU_REAL, MPIU_SUM, e->comm));
  if (!e->rank) {
    Combine(e);
    ierr = WriteResults(e);
  }
  PetscCall(InmCheckCollective(e->comm, 0, ierr));
  PetscCall(InmCommitFile(e->comm, e->output));
  PetscFunctionReturn(0);
}

PetscErrorCode InmEntropyView(InmEntropy e)
{
  const InmEntropyTI *ti = &e->ti;

  PetscFunctionBegin;
  if (e->rank) PetscFunctionReturn(0);
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "%8s %6s %3s %9s %8s %8s %9s %8s %10s %9s %8s\n", "T", "N", "S", "S_total", "+-", "quad", "S_vib", "+-", "u_IS", "S_conf", "+-"));
  for (PetscInt k = 0; k < e->nT; k++) PetscCall(PetscPrintf(PETSC_COMM_SELF, "%8.4g %6" PetscInt_FMT " %3" PetscInt_FMT " %9.4f %8.4f %8.1e %9.4f %8.4f %10.5g %9.4f %8.4f\n", (double)e->T[k], e->natoms, e->nsamples[k], (double)ti->s_total[k], (double)ti->s_err[k], (double)ti->s_quad[k], (double)e->svib[k], (double)e->svib_err[k], (double)e->uis[k], (double)e->sconf[k], (double)e->sconf_err[k]));
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "(per atom in kB; density %g, T0 %g, beta0 F_ex/N %.5f +- %.5f, quadrature %.1e; u_IS in %s; written to %s)\n", (double)e->rho, (double)ti->T0, (double)ti->fex0, (double)ti->fex0_err, (double)ti->fex0_quad, e->u->energy, e->output));
  PetscFunctionReturn(0);
}

PetscErrorCode InmEntropyDestroy(InmEntropy *ep)
{
  InmEntropy e = *ep;

  PetscFunctionBegin;
  if (!e) PetscFunctionReturn(0);
  if (e->ti.nT) PetscCall(InmEntropyTIDestroy(&e->ti));
  PetscCall(PetscFree2(e->task, e->tindex));
  PetscCall(PetscFree(e->T));
  PetscCall(PetscFree2(e->s_vib, e->u_is));
  PetscCall(PetscFree5(e->svib, e->svib_err, e->uis, e->sconf, e->sconf_err));
  PetscCall(PetscFree(e->nsamples));
  PetscCall(InmPotentialDestroy(&e->pot));
  PetscCall(PetscFree(e));
  *ep = NULL;
  PetscFunctionReturn(0);
}
