/* Campaign set-up: the task list, the rank groups, the identity and the resume scan
 * (SPEC §11; see inmvisc/modes_campaign.h). */
#include "campaign_impl.h"
#include <inmvisc/h5util.h>
#include <sys/stat.h>
#include <errno.h>
#include <math.h>
#include <unistd.h>

PetscErrorCode InmModesCampaignCreate(MPI_Comm comm, InmModesCampaign *out)
{
  InmModesCampaign c;

  PetscFunctionBegin;
  PetscCall(PetscNew(&c));
  c->world = comm;
  PetscCallMPI(MPI_Comm_size(comm, &c->size));
  PetscCallMPI(MPI_Comm_rank(comm, &c->rank));
  c->group       = MPI_COMM_NULL;
  c->ngroups     = 1;
  c->nbins       = 200;
  c->omega_c     = 0;
  c->slope_omega = 0;
  *out = c;
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesCampaignSetOptionsOnly(InmModesCampaign c, PetscBool only)
{
  PetscFunctionBegin;
  c->options_only = only;
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesCampaignSetFromOptions(InmModesCampaign c)
{
  char      *inputs[1024];
  PetscInt   ninputs = 1024, frame = -1, groups = 1, nrange = 2;
  PetscBool  haslist, hasout, hasin, help;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscOptionsBegin(c->world, NULL, "inmvisc modes: a campaign of snapshots over rank groups", "modes");
  PetscCall(PetscOptionsString("-input_list", "Task list: one 'path [frame|-] [T|-]' per line", "modes", c->list, c->list, sizeof(c->list), &haslist));
  PetscCall(PetscOptionsStringArray("-input", "Snapshot files (comma separated)", "modes", inputs, &ninputs, &hasin));
  {
    InmModesCommonOptions o;
    PetscCall(InmModesCommonOptionsDefault(&o));
    PetscCall(InmModesCommonOptionsRead(PetscOptionsObject, &o));
    c->format     = o.format;
    c->distribute = o.distribute;
    frame         = o.frame;
    c->zero_tol = o.zero_tol;
    hasout      = o.has_output;
    PetscCall(PetscStrncpy(c->output, o.output, sizeof(c->output)));
  }
  PetscCall(PetscOptionsInt("-groups", "Rank groups solving tasks side by side", "modes", groups, &groups, NULL));
  PetscCall(PetscOptionsInt("-inm_spectrum_bins", "Bins of the ensemble spectra g, P, Gamma", "modes", c->nbins, &c->nbins, NULL));
  PetscCall(PetscOptionsRealArray("-inm_spectrum_range", "omega_min,omega_max of the spectrum grid (default: the ensemble's range)", "modes", c->range, &nrange, &c->has_range));
  PetscCall(PetscOptionsReal("-inm_omega_c", "Mobility edge |omega_c| for f_u^L and f_u^D (0: not given)", "modes", c->omega_c, &c->omega_c, NULL));
  PetscCall(PetscOptionsReal("-inm_P_c", "Participation threshold: omega_c of each ensemble where its binned P(omega) crosses P_c on the unstable branch (0: not given)", "modes", c->P_c, &c->P_c, NULL));
  PetscCall(PetscOptionsReal("-inm_slope_omega", "Fit g = a|omega| over |omega| below this (default: a tenth of the grid's largest |omega|)", "modes", c->slope_omega, &c->slope_omega, NULL));
  PetscOptionsEnd();
  PetscCall(InmEigenSolverCreate(c->world, &c->es));
  PetscCall(InmEigenSolverSetFromOptions(c->es));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (help || c->options_only) PetscFunctionReturn(0); /* -help: the options are listed, nothing is checked */
  PetscCheck(haslist || hasin, c->world, PETSC_ERR_USER_INPUT, "modes: -input FILE[,FILE...] or -input_list FILE is required");
  PetscCheck(!(haslist && hasin), c->world, PETSC_ERR_USER_INPUT, "modes: give -input or -input_list, not both");
  PetscCheck(hasout, c->world, PETSC_ERR_USER_INPUT, "modes: -output FILE.h5 is required");
  PetscCheck(c->nbins > 0, c->world, PETSC_ERR_USER_INPUT, "-inm_spectrum_bins %" PetscInt_FMT " must be positive", c->nbins);
  PetscCheck(!c->has_range || (nrange == 2 && c->range[1] > c->range[0]), c->world, PETSC_ERR_USER_INPUT, "-inm_spectrum_range needs omega_min,omega_max with omega_min < omega_max");
  PetscCheck(c->omega_c >= 0 && c->slope_omega >= 0, c->world, PETSC_ERR_USER_INPUT, "-inm_omega_c and -inm_slope_omega are magnitudes (>= 0)");
  PetscCheck(c->P_c >= 0 && c->P_c < 1, c->world, PETSC_ERR_USER_INPUT, "-inm_P_c %g: a participation ratio threshold in (0, 1)", (double)c->P_c);
  PetscCheck(!(c->P_c > 0 && c->omega_c > 0), c->world, PETSC_ERR_USER_INPUT, "give -inm_omega_c or -inm_P_c, not both");
  c->ngroups = (PetscMPIInt)groups;
  PetscCall(InmEigenSolverSetUp(c->es));
  {
    const char      *type;
    InmEigenOptions *eo;
    PetscCall(InmEigenSolverGetType(c->es, &type, &c->full));
    PetscCall(PetscStrncpy(c->solver, type, sizeof(c->solver)));
    PetscCall(InmEigenSolverGetOptions(c->es, &eo));
    c->nev = eo->nev;
  }
  if (haslist) {
    if (c->rank == 0) ierr = InmTaskListRead(c->list, frame, &c->ntasks, &c->tasks);
    PetscCall(InmCheckCollective(c->world, 0, ierr));
    PetscCallMPI(MPI_Bcast(&c->ntasks, 1, MPIU_INT, 0, c->world));
    if (c->rank) PetscCall(PetscMalloc1(c->ntasks, &c->tasks));
    PetscCallMPI(MPI_Bcast(c->tasks, (int)(c->ntasks * sizeof(InmTask)), MPI_BYTE, 0, c->world));
  } else {
    c->ntasks = ninputs;
    PetscCall(PetscMalloc1(ninputs, &c->tasks));
    for (PetscInt k = 0; k < ninputs; k++) {
      PetscCall(PetscStrncpy(c->tasks[k].path, inputs[k], sizeof(c->tasks[k].path)));
      c->tasks[k].frame = frame;
      c->tasks[k].T     = (PetscReal)NAN;
      PetscCall(PetscFree(inputs[k]));
    }
  }
  PetscCall(InmReplicatedBegin(c->world)); /* every rank parses the potential (files, options) */
  ierr = InmPotentialCreateFromOptions(NULL, &c->pot);
  PetscCall(InmReplicatedEnd(c->world, ierr));
  PetscFunctionReturn(0);
}

/* Every option that changes the numbers, then the tasks (file by its canonical path, frame, T). */
static PetscErrorCode BuildIdentity(InmModesCampaign c)
{
  static const char *const format[] = {"-input_format"};
  size_t len = 1024 + (size_t)c->ntasks * (PETSC_MAX_PATH_LEN + 64), used = 0;
  char  *s;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(len, &s));
  used += (size_t)snprintf(s + used, len - used, "inmvisc modes campaign, format %d\nsolver %s nev %" PetscInt_FMT " zero_tol %.17g\nspectrum bins %" PetscInt_FMT " range %s%.17g,%.17g omega_c %.17g P_c %.17g slope_omega %.17g\n", INM_CAMPAIGN_FORMAT, c->solver, c->nev, (double)c->zero_tol, c->nbins, c->has_range ? "" : "auto ", (double)(c->has_range ? c->range[0] : 0), (double)(c->has_range ? c->range[1] : 0), (double)c->omega_c, (double)c->P_c, (double)c->slope_omega);
  PetscCall(InmIdentityAppendOptions(InmPotentialNumOptions, InmPotentialOptionNames, s, len, &used));
  PetscCall(InmIdentityAppendOptions(1, format, s, len, &used));
  PetscCall(InmEigenSolverAppendIdentity(c->es, s, len, &used)); /* the solver's own, as it defines them */
  for (PetscInt t = 0; t < c->ntasks; t++) {
    /* the file, not its spelling: `run -output camp` and `run -output /abs/camp` are one campaign */
    char canon[PETSC_MAX_PATH_LEN];
    PetscCall(PetscGetRealPath(c->tasks[t].path, canon));
    used += (size_t)snprintf(s + used, len - used, "task %s frame %" PetscInt_FMT " T %.17g\n", canon, c->tasks[t].frame, (double)c->tasks[t].T);
  }
  c->identity = s;
  InmIdentityHash(s, c->id);
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesCampaignTaskPath(InmModesCampaign c, PetscInt task, char path[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, len, "%s/task_%06" PetscInt_FMT ".h5", c->staging, task));
  PetscFunctionReturn(0);
}

static PetscBool SameTemperature(PetscReal a, PetscReal b) { return (PetscIsNanReal(a) && PetscIsNanReal(b)) || a == b ? PETSC_TRUE : PETSC_FALSE; }

/* Rank 0: the size of each snapshot (reading it also checks it before any work starts), the
 * state of the results file and of each task file. */
static PetscErrorCode ScanOnRoot(InmModesCampaign c)
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(c->units, c->pot->units, sizeof(c->units)));
  for (PetscInt t = 0; t < c->ntasks; t++) {
    InmConfig *cfg;
    PetscCall(InmConfigRead(PETSC_COMM_SELF, c->tasks[t].path, c->format, c->tasks[t].frame, &cfg));
    c->natoms[t] = cfg->n;
    PetscCall(InmModesCheckModel(PETSC_COMM_SELF, cfg, c->pot));
    PetscCheck(!cfg->units[0] || !strcmp(cfg->units, c->pot->units), PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: the snapshot is in '%s' units but the potential %s is in '%s' units", c->tasks[t].path, cfg->units, c->pot->name, c->pot->units);
    PetscCall(InmConfigDestroy(&cfg));
  }
  if (!access(c->output, F_OK)) { /* a results file: this campaign's, finished, or somebody else's */
    char id[64];
    InmH5FileAttrString(c->output, "campaign_id", id, sizeof(id));
    PetscCheck(!strcmp(id, c->id), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: exists and is not the results of this campaign (campaign id '%s', this run's %s); remove it or choose another -output", c->output, id, c->id);
    c->finished = PETSC_TRUE;
  }
  if (!c->finished && mkdir(c->staging, 0755) && errno != EEXIST) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot create the directory for the campaign's task files (%s)", c->staging, strerror(errno));
  for (PetscInt t = 0; t < c->ntasks && !c->finished; t++) {
    char         path[PETSC_MAX_PATH_LEN];
    InmModesInfo info;
    PetscCall(InmModesCampaignTaskPath(c, t, path, sizeof(path)));
    if (access(path, F_OK)) continue;
    PetscCall(InmModesRead(path, &info, NULL));
    PetscCheck(!strcmp(info.campaign, c->id), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: a task file of another campaign (campaign id '%s', this run's %s); remove %s or choose another -output", path, info.campaign, c->id, c->staging);
    PetscCheck(info.natoms == c->natoms[t], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: holds %" PetscInt_FMT " atoms but %s has %" PetscInt_FMT " (the snapshot changed since; remove %s)", path, info.natoms, c->tasks[t].path, c->natoms[t], c->staging);
    c->done[t] = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesCampaignSetUp(InmModesCampaign c)
{
  PetscErrorCode ierr = 0;
  int            flags[2];

  PetscFunctionBegin;
  PetscCall(InmCheckWritable(c->world, c->output));
  {
    const char **in;
    PetscCall(PetscMalloc1(c->ntasks + 1, &in));
    for (PetscInt t = 0; t < c->ntasks; t++) in[t] = c->tasks[t].path;
    in[c->ntasks] = c->list;
    PetscCall(InmCheckNotInput(c->world, c->output, c->list[0] ? c->ntasks + 1 : c->ntasks, in));
    PetscCall(PetscFree(in));
  }
  PetscCall(PetscSNPrintf(c->staging, sizeof(c->staging), "%s.tasks", c->output));
  PetscCall(InmRankGroupsSplit(c->world, c->ngroups, &c->group, &c->color));
  PetscCallMPI(MPI_Comm_rank(c->group, &c->grank));
  PetscCall(BuildIdentity(c));
  PetscCall(PetscCalloc4(c->ntasks, &c->natoms, c->ntasks, &c->ensemble, c->ntasks, &c->done, c->ntasks, &c->order));
  if (c->rank == 0) ierr = ScanOnRoot(c);
  PetscCall(InmCheckCollective(c->world, 0, ierr));
  flags[0] = (int)c->finished;
  PetscCallMPI(MPI_Bcast(flags, 1, MPI_INT, 0, c->world));
  c->finished = (PetscBool)flags[0];
  PetscCallMPI(MPI_Bcast(c->natoms, (int)c->ntasks, MPIU_INT, 0, c->world));
  PetscCallMPI(MPI_Bcast(c->done, (int)(c->ntasks * sizeof(PetscBool)), MPI_BYTE, 0, c->world));
  PetscCallMPI(MPI_Bcast(c->units, sizeof(c->units), MPI_CHAR, 0, c->world));
  PetscCall(InmUnitsGet(c->units, &c->u));

  /* ensembles: distinct (T, N), sorted by N then T (tasks without T form one per N) */
  PetscCall(PetscCalloc1(c->ntasks, &c->ens));
  for (PetscInt t = 0; t < c->ntasks; t++) {
    PetscInt e;
    for (e = 0; e < c->nens; e++)
      if (c->ens[e].natoms == c->natoms[t] && SameTemperature(c->ens[e].T, c->tasks[t].T)) break;
    if (e == c->nens) {
      c->ens[e].natoms = c->natoms[t];
      c->ens[e].T      = c->tasks[t].T;
      c->nens++;
    }
    c->ens[e].nsamples++;
  }
  for (PetscInt a = 1; a < c->nens; a++) /* insertion sort: N, then T (NaN last) */
    for (PetscInt b = a; b > 0; b--) {
      InmEnsemble *x = &c->ens[b - 1], *y = &c->ens[b], tmp;
      PetscBool    swap = y->natoms < x->natoms || (y->natoms == x->natoms && !PetscIsNanReal(y->T) && (PetscIsNanReal(x->T) || y->T < x->T));
      if (!swap) break;
      tmp = *x;
      *x  = *y;
      *y  = tmp;
    }
  for (PetscInt t = 0; t < c->ntasks; t++)
    for (PetscInt e = 0; e < c->nens; e++)
      if (c->ens[e].natoms == c->natoms[t] && SameTemperature(c->ens[e].T, c->tasks[t].T)) c->ensemble[t] = e;
  /* the largest snapshots first, so that the groups finish together */
  for (PetscInt t = 0; t < c->ntasks; t++) c->order[t] = t;
  for (PetscInt a = 1; a < c->ntasks; a++)
    for (PetscInt b = a; b > 0 && c->natoms[c->order[b]] > c->natoms[c->order[b - 1]]; b--) {
      PetscInt tmp    = c->order[b];
      c->order[b]     = c->order[b - 1];
      c->order[b - 1] = tmp;
    }
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesCampaignDestroy(InmModesCampaign *c)
{
  PetscFunctionBegin;
  if (!*c) PetscFunctionReturn(0);
  for (PetscInt e = 0; e < (*c)->nens; e++) PetscCall(InmSpectrumDestroy(&(*c)->ens[e].spectrum));
  PetscCall(PetscFree((*c)->ens));
  PetscCall(PetscFree4((*c)->natoms, (*c)->ensemble, (*c)->done, (*c)->order));
  PetscCall(PetscFree((*c)->tasks));
  PetscCall(PetscFree((*c)->identity));
  if ((*c)->group != MPI_COMM_NULL) PetscCallMPI(MPI_Comm_free(&(*c)->group));
  PetscCall(InmPotentialDestroy(&(*c)->pot));
  PetscCall(InmEigenSolverDestroy(&(*c)->es));
  PetscCall(PetscFree(*c));
  PetscFunctionReturn(0);
}
