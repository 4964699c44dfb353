/* inmvisc prepare: MD sampling campaigns over rank groups (SPEC §7, §11; see inmvisc/prepare.h).
 *
 *   tasks     every (T, N, sample) of -temperatures x -sizes x -samples, run largest N first
 *   seeds     task seed = 1 + InmIdentityHash("seed S T t N n sample s") mod 899999999: derived from the
 *             campaign seed, recorded in the trajectory, independent of ranks and groups
 *   files     OUTPUT/MODEL_T<T>_N<N>_s<sample>.h5, one H5MD trajectory per task, written as
 *             .partial and renamed when complete; /parameters/inmvisc holds campaign_id
 *   resume    a re-run with the same options skips the tasks whose file is there (its
 *             campaign_id must be this campaign's) and redoes the others from the start
 *   identity  InmIdentityHash of the protocol, the potential options, the campaign seed and the tasks;
 *             not the layout (ranks, groups), on which the trajectories do not depend beyond
 *             the round-off of LAMMPS's force sums over a different domain decomposition */
#include "md_impl.h"
#include <inmvisc/h5util.h>
#include <sys/stat.h>
#include <errno.h>
#include <unistd.h>

#define INM_PREPARE_FORMAT 1

typedef struct {
  PetscReal T;
  PetscInt  N, sample, seed;
  char      path[PETSC_MAX_PATH_LEN];
} PrepareTask;

struct _p_InmPrepare {
  MPI_Comm          world, group;
  PetscMPIInt       size, rank, color, grank;
  PetscInt          ngroups, ntemps, nsizes, nsamples, seed, ntasks, *order;
  PetscReal         temps[256];
  PetscInt          sizes[64];
  PrepareTask      *tasks;
  PetscBool        *done;
  InmProductionInfo *info; /* [ntasks] read back from the trajectories at the end */
  char              output[PETSC_MAX_PATH_LEN], model[64];
  char              id[17], *identity;
  InmPotential      pot;
  InmProtocol       proto;
};

PetscErrorCode InmPrepareCreate(MPI_Comm comm, InmPrepare *out)
{
  InmPrepare p;

  PetscFunctionBegin;
  PetscCall(PetscNew(&p));
  p->world = comm;
  p->group = MPI_COMM_NULL;
  PetscCallMPI(MPI_Comm_size(comm, &p->size));
  PetscCallMPI(MPI_Comm_rank(comm, &p->rank));
  p->ngroups  = 1;
  p->nsamples = 10;
  p->seed     = 12345;
  *out        = p;
  PetscFunctionReturn(0);
}

PetscErrorCode InmPrepareSetFromOptions(InmPrepare p)
{
  PetscBool          hasT, hasN, hasout, help;
  PetscErrorCode     ierr;
  const InmMDPreset *preset;

  PetscFunctionBegin;
  PetscCall(InmReplicatedBegin(p->world)); /* every rank parses the potential (files, options) */
  ierr = InmPotentialCreateFromOptions(NULL, &p->pot);
  PetscCall(InmReplicatedEnd(p->world, ierr));
  preset    = InmMDPresetGet(p->pot);
  p->ntemps = (PetscInt)(sizeof(p->temps) / sizeof(p->temps[0]));
  p->nsizes = (PetscInt)(sizeof(p->sizes) / sizeof(p->sizes[0]));
  PetscOptionsBegin(p->world, NULL, "inmvisc prepare: MD sampling campaigns through LAMMPS", "prepare");
  PetscCall(PetscOptionsRealArray("-temperatures", "Temperatures T1,T2,... (model units: epsilon/kB or K)", "prepare", p->temps, &p->ntemps, &hasT));
  PetscCall(PetscOptionsIntArray("-sizes", "System sizes N1,N2,... (4 n^3 for the FCC start of ka/lj, 2 n^3 for the B2 start of eam; default 500 / 432)", "prepare", p->sizes, &p->nsizes, &hasN));
  PetscCall(PetscOptionsInt("-samples", "Independent samples per (T, N)", "prepare", p->nsamples, &p->nsamples, NULL));
  PetscCall(PetscOptionsInt("-seed", "Campaign seed (positive); each task's seed derives from it", "prepare", p->seed, &p->seed, NULL));
  PetscCall(PetscOptionsInt("-groups", "Rank groups running tasks side by side", "prepare", p->ngroups, &p->ngroups, NULL));
  PetscCall(PetscOptionsString("-output", "Directory of the trajectories (created if missing)", "prepare", p->output, p->output, sizeof(p->output), &hasout));
  PetscOptionsEnd();
  PetscCall(InmProtocolSetFromOptions(p->world, p->pot, &p->proto));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (help) PetscFunctionReturn(0);
  PetscCheck(hasT && p->ntemps > 0, p->world, PETSC_ERR_USER_INPUT, "prepare: -temperatures T1,T2,... is required");
  PetscCheck(hasout, p->world, PETSC_ERR_USER_INPUT, "prepare: -output DIR is required");
  if (!hasN) {
    p->nsizes   = 1;
    p->sizes[0] = preset->natoms;
  }
  for (PetscInt k = 0; k < p->ntemps; k++) {
    char num[32];
    snprintf(num, sizeof(num), "%g", (double)p->temps[k]); /* C's %g: PETSc's adds a trailing '.' */
    PetscCheck(p->temps[k] > 0, p->world, PETSC_ERR_USER_INPUT, "-temperatures: %s is not positive", num);
  }
  for (PetscInt k = 0; k < p->nsizes; k++) PetscCheck(p->sizes[k] > 0, p->world, PETSC_ERR_USER_INPUT, "-sizes: %" PetscInt_FMT " is not positive", p->sizes[k]);
  for (PetscInt k = 0; k < p->nsizes; k++) { /* the lattice start must be able to make N atoms */
    PetscInt n;
    PetscCall(InmMDPresetCells(p->world, preset, "-sizes:", p->sizes[k], &n));
  }
  PetscCheck(p->nsamples > 0, p->world, PETSC_ERR_USER_INPUT, "-samples %" PetscInt_FMT " must be positive", p->nsamples);
  PetscCheck(p->seed > 0, p->world, PETSC_ERR_USER_INPUT, "-seed %" PetscInt_FMT " must be positive", p->seed);
  PetscCall(PetscStrncpy(p->model, p->pot->name, sizeof(p->model)));
  for (char *c = p->model; *c; c++)
    if (*c == '/') *c = '-';
  PetscFunctionReturn(0);
}

static PetscErrorCode BuildTasks(InmPrepare p)
{
  const InmProtocol *q   = &p->proto;
  size_t             len = 4096 + (size_t)p->ntemps * p->nsizes * p->nsamples * (PETSC_MAX_PATH_LEN + 96), used = 0;
  PetscInt           k   = 0;

  PetscFunctionBegin;
  p->ntasks = p->ntemps * p->nsizes * p->nsamples;
  PetscCall(PetscCalloc3(p->ntasks, &p->tasks, p->ntasks, &p->done, p->ntasks, &p->order));
  PetscCall(PetscCalloc1(p->ntasks, &p->info));
  PetscCall(PetscMalloc1(len, &p->identity));
  used += (size_t)snprintf(p->identity, len, "inmvisc prepare campaign, format %d\nprotocol dt %.17g tdamp %.17g pdamp %.17g density %.17g T_melt %.17g melt %.17g rate %.17g P %.17g npt %.17g equil %.17g prod %.17g snapshot %" PetscInt_FMT " stress %" PetscInt_FMT " min_msd %.17g series %" PetscInt_FMT " x %" PetscInt_FMT "\nseed %" PetscInt_FMT "\n", INM_PREPARE_FORMAT, (double)q->dt, (double)q->tdamp, (double)q->pdamp, (double)q->density, (double)q->T_melt, (double)q->melt_time, (double)q->cooling_rate, (double)q->pressure, (double)q->npt_time, (double)q->equil_time, (double)q->prod_time, q->snapshot_every, q->stress_every, (double)q->min_msd, q->series_steps, q->series_atoms, p->seed);
  PetscCall(InmIdentityAppendOptions(InmPotentialNumOptions, InmPotentialOptionNames, p->identity, len, &used));
  for (PetscInt n = 0; n < p->nsizes; n++)
    for (PetscInt t = 0; t < p->ntemps; t++)
      for (PetscInt s = 0; s < p->nsamples; s++, k++) {
        PrepareTask *task = &p->tasks[k];
        char         key[256], hex[17];
        task->T      = p->temps[t];
        task->N      = p->sizes[n];
        task->sample = s;
        PetscCall(PetscSNPrintf(key, sizeof(key), "seed %" PetscInt_FMT " T %.17g N %" PetscInt_FMT " sample %" PetscInt_FMT, p->seed, (double)task->T, task->N, s));
        InmIdentityHash(key, hex);
        task->seed = 1 + (PetscInt)(strtoull(hex, NULL, 16) % 899999999ULL);
        /* C's %g: PETSc's adds a trailing '.' */
        PetscCheck(snprintf(task->path, sizeof(task->path), "%s/%s_T%g_N%d_s%02d.h5", p->output, p->model, (double)task->T, (int)task->N, (int)s) < (int)sizeof(task->path), p->world, PETSC_ERR_USER_INPUT, "-output %s: path too long", p->output);
        used += (size_t)snprintf(p->identity + used, len - used, "task T %.17g N %" PetscInt_FMT " sample %" PetscInt_FMT " seed %" PetscInt_FMT "\n", (double)task->T, task->N, s, task->seed);
      }
  InmIdentityHash(p->identity, p->id);
  for (PetscInt t = 0; t < p->ntasks; t++) p->order[t] = t; /* largest N first (stable) */
  for (PetscInt a = 1; a < p->ntasks; a++)
    for (PetscInt b = a; b > 0 && p->tasks[p->order[b]].N > p->tasks[p->order[b - 1]].N; b--) {
      PetscInt tmp    = p->order[b];
      p->order[b]     = p->order[b - 1];
      p->order[b - 1] = tmp;
    }
  PetscFunctionReturn(0);
}

/* The campaign id and the checks of a finished trajectory (rank 0). */
static PetscErrorCode ReadTaskFile(const char path[], char id[], size_t len, InmProductionInfo *info)
{
  hid_t f, g;
  int   ok = 0;

  PetscFunctionBegin;
  f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  PetscCheck(f >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: exists but is not a readable HDF5 file; remove it", path);
  g = H5Gopen2(f, "parameters/inmvisc", H5P_DEFAULT);
  id[0] = '\0';
  if (g >= 0) {
    (void)InmH5ReadAttrString(g, "campaign_id", id, len);
    (void)InmH5ReadAttrNumber(g, "T_mean", H5T_NATIVE_DOUBLE, &info->T_mean);
    (void)InmH5ReadAttrNumber(g, "T_err", H5T_NATIVE_DOUBLE, &info->T_err);
    (void)InmH5ReadAttrNumber(g, "energy_drift", H5T_NATIVE_DOUBLE, &info->drift);
    (void)InmH5ReadAttrNumber(g, "msd_final", H5T_NATIVE_DOUBLE, &info->msd);
    (void)InmH5ReadAttrNumber(g, "density", H5T_NATIVE_DOUBLE, &info->density);
    (void)InmH5ReadAttrNumber(g, "msd_ok", H5T_NATIVE_INT, &ok);
    info->msd_ok = ok ? PETSC_TRUE : PETSC_FALSE;
    H5Gclose(g);
  }
  H5Fclose(f);
  PetscFunctionReturn(0);
}

static PetscErrorCode ScanOnRoot(InmPrepare p)
{
  PetscFunctionBegin;
  if (mkdir(p->output, 0755) && errno != EEXIST) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot create the output directory (%s)", p->output, strerror(errno));
  {
    struct stat st;
    PetscCheck(!stat(p->output, &st) && S_ISDIR(st.st_mode), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: exists and is not a directory; -output names the campaign's directory", p->output);
  }
  if (p->ntasks) PetscCall(InmCheckWritable(PETSC_COMM_SELF, p->tasks[0].path)); /* a file in it can really be created */
  for (PetscInt t = 0; t < p->ntasks; t++) {
    char id[64];
    if (access(p->tasks[t].path, F_OK)) continue;
    PetscCall(ReadTaskFile(p->tasks[t].path, id, sizeof(id), &p->info[t]));
    PetscCheck(!strcmp(id, p->id), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: a trajectory of another campaign (campaign id '%s', this run's %s); remove it or choose another -output", p->tasks[t].path, id, p->id);
    p->done[t] = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmPrepareSetUp(InmPrepare p)
{
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(InmRankGroupsSplit(p->world, p->ngroups, &p->group, &p->color));
  PetscCallMPI(MPI_Comm_rank(p->group, &p->grank));
  PetscCall(BuildTasks(p));
  if (p->rank == 0) ierr = ScanOnRoot(p);
  PetscCall(InmCheckCollective(p->world, 0, ierr));
  PetscCallMPI(MPI_Bcast(p->done, (int)(p->ntasks * sizeof(PetscBool)), MPI_BYTE, 0, p->world));
  PetscFunctionReturn(0);
}

/* OUTPUT/snapshots.txt: every frame of every task with its temperature ("path frame T"), the
 * task list of `inmvisc modes -input_list`. */
static PetscErrorCode WriteSnapshotList(InmPrepare p)
{
  char     path[PETSC_MAX_PATH_LEN], partial[PETSC_MAX_PATH_LEN];
  FILE    *fp;
  PetscInt total = (PetscInt)PetscFloorReal(p->proto.prod_time / p->proto.dt + 0.5), nframes = 1 + (total + p->proto.snapshot_every - 1) / p->proto.snapshot_every;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/snapshots.txt", p->output));
  PetscCall(InmPartialPath(path, partial, sizeof(partial)));
  fp = fopen(partial, "w");
  PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot write", partial);
  fprintf(fp, "# inmvisc prepare campaign %s: one snapshot per line, 'path frame T' (inmvisc modes -input_list)\n", p->id);
  for (PetscInt t = 0; t < p->ntasks; t++) {
    const char *name = strrchr(p->tasks[t].path, '/');
    for (PetscInt k = 0; k < nframes; k++) fprintf(fp, "%s %" PetscInt_FMT " %.17g\n", name ? name + 1 : p->tasks[t].path, k, (double)p->tasks[t].T);
  }
  PetscCheck(!fclose(fp), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: writing failed", partial);
  PetscCall(InmCommitFile(PETSC_COMM_SELF, path));
  PetscFunctionReturn(0);
}

PetscErrorCode InmPrepareRun(InmPrepare p)
{
  PetscInt       mine = 0, pending = 0, k = 0, ndone = 0;
  PetscLogDouble t0, now;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  for (PetscInt t = 0; t < p->ntasks; t++) pending += !p->done[t];
  PetscCall(PetscPrintf(p->world, "[prepare] campaign %s: %" PetscInt_FMT " tasks (%" PetscInt_FMT " complete already), %d ranks in %" PetscInt_FMT " groups, model %s, output %s\n", p->id, p->ntasks, p->ntasks - pending, (int)p->size, p->ngroups, p->pot->name, p->output));
  /* group g takes the pending tasks g, g + G, ... in order */
  for (PetscInt o = 0; o < p->ntasks; o++)
    if (!p->done[p->order[o]] && (k++ % p->ngroups) == p->color) mine++;
  PetscCall(PetscTime(&t0));
  k = 0;
  for (PetscInt o = 0; o < p->ntasks; o++) {
    const PetscInt     t    = p->order[o];
    const PrepareTask *task = &p->tasks[t];
    char               stage[128], a_id[64], a_model[96], a_sample[64], a_seed[64];
    const char        *attrs[4] = {a_id, a_model, a_sample, a_seed};
    InmLammps          lmp;
    InmProductionInfo  info;
    if (p->done[t] || (k++ % p->ngroups) != p->color) continue;
    snprintf(stage, sizeof(stage), "prepare g%d task %d/%d T %g N %d s%d", (int)p->color, (int)(ndone + 1), (int)mine, (double)task->T, (int)task->N, (int)task->sample);
    PetscCall(PetscSNPrintf(a_id, sizeof(a_id), "campaign_id=%s", p->id));
    PetscCall(PetscSNPrintf(a_model, sizeof(a_model), "model=%s", p->pot->name));
    PetscCall(PetscSNPrintf(a_sample, sizeof(a_sample), "sample=%" PetscInt_FMT, task->sample));
    PetscCall(PetscSNPrintf(a_seed, sizeof(a_seed), "campaign_seed=%" PetscInt_FMT, p->seed));
    PetscCall(PetscPrintf(p->group, "[%s] seed %" PetscInt_FMT " -> %s\n", stage, task->seed, task->path));
    PetscCall(InmLammpsOpen(p->group, &lmp));
    PetscCall(InmProtocolRun(lmp, p->pot, &p->proto, task->T, task->N, task->seed, task->path, stage, 4, attrs, &info));
    PetscCall(InmLammpsClose(&lmp));
    ndone++;
    PetscCall(PetscTime(&now));
    PetscCall(PetscPrintf(p->group, "[%s] done: <T> %.4g +- %.2g, drift %.2e /atom/time, MSD %.3g%s; melt %.2f s, equilibrate %.2f s, produce %.3f s, write %.3f s; group elapsed %.1f s, ETA %.1f s\n", stage, (double)info.T_mean, (double)info.T_err, (double)info.drift, (double)info.msd, info.msd_ok ? "" : " (FLAGGED: below -min_msd)", (double)info.seconds[0], (double)info.seconds[1], (double)info.seconds[2], (double)info.seconds[3], (double)(now - t0), (double)((now - t0) / ndone * (mine - ndone))));
  }
  PetscCallMPI(MPI_Barrier(p->world));
  if (p->rank == 0) {
    for (PetscInt t = 0; t < p->ntasks && !ierr; t++) {
      char id[64];
      ierr = ReadTaskFile(p->tasks[t].path, id, sizeof(id), &p->info[t]);
    }
    if (!ierr) ierr = WriteSnapshotList(p);
  }
  PetscCall(InmCheckCollective(p->world, 0, ierr));
  PetscFunctionReturn(0);
}

PetscErrorCode InmPrepareView(InmPrepare p)
{
  PetscFunctionBegin;
  PetscCall(PetscPrintf(p->world, "%10s %7s %6s %10s %10s %9s %11s %9s %s\n", "T", "N", "sample", "seed", "<T> NVE", "+-", "drift", "MSD", "liquid"));
  for (PetscInt t = 0; t < p->ntasks; t++) {
    const PrepareTask       *k = &p->tasks[t];
    const InmProductionInfo *i = &p->info[t];
    PetscCall(PetscPrintf(p->world, "%10g %7" PetscInt_FMT " %6" PetscInt_FMT " %10" PetscInt_FMT " %10.5g %9.2g %11.3e %9.4g %s\n", (double)k->T, k->N, k->sample, k->seed, (double)i->T_mean, (double)i->T_err, (double)i->drift, (double)i->msd, i->msd_ok ? "yes" : "FLAGGED"));
  }
  PetscCall(PetscPrintf(p->world, "trajectories in %s; task list of every frame: %s/snapshots.txt\n", p->output, p->output));
  PetscFunctionReturn(0);
}

PetscErrorCode InmPrepareDestroy(InmPrepare *pp)
{
  InmPrepare p = *pp;

  PetscFunctionBegin;
  if (!p) PetscFunctionReturn(0);
  PetscCall(PetscFree3(p->tasks, p->done, p->order));
  PetscCall(PetscFree(p->info));
  PetscCall(PetscFree(p->identity));
  if (p->group != MPI_COMM_NULL) PetscCallMPI(MPI_Comm_free(&p->group));
  PetscCall(InmPotentialDestroy(&p->pot));
  PetscCall(PetscFree(*pp));
  PetscFunctionReturn(0);
}
