/* inmvisc run: one campaign from MD to the viscosity table and the figures (SPEC §1):
 *   prepare -> modes -> transport [-> entropy] -> viscosity -> report,   every file in -output DIR.
 * With -run_entropy, S_conf(T) of the modes' snapshots (inmvisc entropy) for the entropy model
 * of Fig. 4; like transport it is computed when its file is missing, so it can be added to a
 * finished campaign (the flag is not part of the identity; the -entropy_* options are).
 * The stages are the commands' own objects, run one after another on the whole world; each
 * reads its options from the one database, and `run` sets only the file names that link them
 * (-output of each stage, the inputs of the next). With no campaign options it runs the
 * embedded default campaign (a small Kob-Andersen study that finds a mobility edge: two sizes,
 * two temperatures, four samples, minutes on two cores); any option given replaces its
 * default. Resume: prepare and modes skip what is complete (their own identities refuse a
 * changed campaign); transport is redone only when its file is missing; viscosity and the
 * report are redone every time (seconds). DIR/run.identity holds the hash of every option
 * that changes the numbers: a re-run with other values is refused before any work. */
#include "commands.h"
#include <sys/stat.h>
#include <errno.h>
#include <unistd.h>

/* The embedded default campaign (and run's defaults for every campaign). */
static const char *const Defaults[][2] = {
  {"-model", "ka"},                 {"-temperatures", "1.0,2.0"},     {"-sizes", "500,1372"},
  {"-samples", "4"},                {"-cooling_rate", "0.1"},         {"-equilibration_time", "20"},
  {"-production_time", "60"},       {"-snapshot_every", "200"},       {"-stress_every", "2"},
  {"-series_steps", "1000"},        {"-series_atoms", "200"},         {"-inm_solver", "lapack"},
  {"-bulk_modulus", "true"},
};
/* Options that do not change the numbers (the layout, and the file names run sets), left out of run.identity. */
static const char *const Layout[] = {"groups", "output", "options_file", "options_left", "lammps_screen", "lammps_keep_log", "input", "input_list", "modes", "transport", "entropy", "run_entropy"};

static PetscErrorCode SetDefaults(void)
{
  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof(Defaults) / sizeof(Defaults[0]); k++) {
    PetscBool set;
    PetscCall(PetscOptionsHasName(NULL, NULL, Defaults[k][0], &set));
    if (!set) PetscCall(PetscOptionsSetValue(NULL, Defaults[k][0], Defaults[k][1]));
  }
  PetscFunctionReturn(0);
}

/* The identity of the campaign: every option set, by name, except the layout. */
static PetscErrorCode Identity(MPI_Comm comm, const char dir[])
{
  char       *all, *text, id[17], path[PETSC_MAX_PATH_LEN], old[64] = "";
  size_t      len, used = 0;
  FILE       *fp;
  PetscMPIInt rank;
  int         bad = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscOptionsGetAll(NULL, &all));
  PetscCall(PetscStrlen(all, &len));
  PetscCall(PetscCalloc1(len + 2, &text));
  for (char *tok = strtok(all, " "), *val; tok; tok = val) { /* "-name value -flag -name value" */
    PetscBool skip = PETSC_FALSE;
    val            = strtok(NULL, " ");
    for (size_t k = 0; k < sizeof(Layout) / sizeof(Layout[0]); k++)
      if (!strcmp(tok + 1, Layout[k])) skip = PETSC_TRUE;
    if (!skip) used += (size_t)snprintf(text + used, len + 2 - used, "%s ", tok);
    if (val && val[0] != '-') {
      if (!skip) used += (size_t)snprintf(text + used, len + 2 - used, "%s ", val);
      val = strtok(NULL, " ");
    }
  }
  InmIdentityHash(text, id);
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/run.identity", dir));
  if (rank == 0) {
    if ((fp = fopen(path, "r"))) {
      if (!fgets(old, sizeof(old), fp)) old[0] = 0;
      fclose(fp);
      old[strcspn(old, " \n")] = 0;
      bad = old[0] && strcmp(old, id);
    } else if ((fp = fopen(path, "w"))) {
      fprintf(fp, "%s %s\n", id, text);
      fclose(fp);
    } else bad = 2;
  }
  PetscCallMPI(MPI_Bcast(&bad, 1, MPI_INT, 0, comm));
  PetscCheck(bad != 2, comm, PETSC_ERR_FILE_OPEN, "%s: cannot write the campaign identity", path);
  PetscCheck(!bad, comm, PETSC_ERR_USER_INPUT, "%s: %s holds another campaign (identity %s, this one %s): an option that changes the numbers differs; use another -output, or the same options", dir, path, old, id);
  PetscCall(PetscFree(text));
  PetscCall(PetscFree(all));
  PetscFunctionReturn(0);
}

/* DIR/modes_tasks.txt: from each trajectory of DIR/md/snapshots.txt its last -run_frames
 * frames, spread over the production (snapshots a long time apart are independent samples). */
static PetscErrorCode ModesTaskList(MPI_Comm comm, const char dir[], PetscInt frames)
{
  char        path[PETSC_MAX_PATH_LEN], out[PETSC_MAX_PATH_LEN], line[PETSC_MAX_PATH_LEN + 64], name[PETSC_MAX_PATH_LEN], prev[PETSC_MAX_PATH_LEN] = "", T[64] = "", pT[64] = "";
  PetscMPIInt rank;
  int         bad = 0;
  long        last = -1, fr;
  FILE       *in, *o;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/md/snapshots.txt", dir));
  PetscCall(PetscSNPrintf(out, sizeof(out), "%s/modes_tasks.txt", dir));
  if (rank == 0) {
    in = fopen(path, "r");
    o  = in ? fopen(out, "w") : NULL;
    if (!in || !o) bad = 1;
    while (!bad) {
      const PetscBool eof = (PetscBool)!fgets(line, sizeof(line), in);
      if (!eof && (line[0] == '#' || sscanf(line, "%s %ld %63s", name, &fr, T) != 3)) continue;
      if (eof || strcmp(name, prev)) { /* the previous trajectory is complete: its frames */
        if (prev[0]) {
          const long stride = last >= frames ? (last + 1) / frames : 1;
          for (long k = 0, f = last; k < frames && f >= 0; k++, f -= stride) fprintf(o, "md/%s %ld %s\n", prev, f, pT);
        }
        if (eof) break;
        PetscCall(PetscStrncpy(prev, name, sizeof(prev)));
        PetscCall(PetscStrncpy(pT, T, sizeof(pT)));
      }
      last = fr;
    }
    if (in) fclose(in);
    if (o && fclose(o)) bad = 1;
  }
  PetscCallMPI(MPI_Bcast(&bad, 1, MPI_INT, 0, comm));
  PetscCheck(!bad, comm, PETSC_ERR_FILE_OPEN, "%s: cannot read it, or cannot write %s", path, out);
  PetscFunctionReturn(0);
}

static PetscErrorCode Set(const char name[], const char dir[], const char file[])
{
  char value[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  if (file) PetscCall(PetscSNPrintf(value, sizeof(value), "%s/%s", dir, file));
  else PetscCall(PetscStrncpy(value, dir, sizeof(value)));
  PetscCall(PetscOptionsSetValue(NULL, name, value));
  PetscFunctionReturn(0);
}

/* Every stage's options read before any work, each stage with the file names it will be given,
 * so that a misspelt option is one error line before the MD, not after it. */
static PetscErrorCode ReadAllOptions(MPI_Comm comm, const char dir[], PetscBool entropy)
{
  InmPrepare   p;
  InmTransport t;
  InmViscosity v;
  InmEntropy   e;

  PetscFunctionBegin;
  PetscCall(Set("-output", dir, "md"));
  PetscCall(InmPrepareCreate(comm, &p));
  PetscCall(InmPrepareSetFromOptions(p));
  PetscCall(InmPrepareDestroy(&p));
  PetscCall(InmCmdModesOptions(comm));
  PetscCall(Set("-input", dir, "md"));
  PetscCall(Set("-output", dir, "transport.h5"));
  PetscCall(InmTransportCreate(comm, &t));
  PetscCall(InmTransportSetFromOptions(t));
  PetscCall(InmTransportDestroy(&t));
  PetscCall(InmCmdModelOptions(comm));
  if (entropy) {
    PetscCall(Set("-input", dir, "modes_tasks.txt"));
    PetscCall(Set("-output", dir, "entropy.h5"));
    PetscCall(InmEntropyCreate(comm, &e));
    PetscCall(InmEntropySetFromOptions(e));
    PetscCall(InmEntropyDestroy(&e));
    PetscCall(Set("-entropy", dir, "entropy.h5"));
  }
  PetscCall(Set("-modes", dir, "modes.h5"));
  PetscCall(Set("-transport", dir, "transport.h5"));
  PetscCall(Set("-output", dir, "viscosity.h5"));
  PetscCall(InmViscosityCreate(comm, &v));
  PetscCall(InmViscositySetFromOptions(v));
  PetscCall(InmViscosityDestroy(&v));
  PetscCall(PetscOptionsClearValue(NULL, "-input")); /* the modes stage takes -input_list */
  PetscCall(InmOptionsCheckUnused(comm));
  PetscFunctionReturn(0);
}

static PetscErrorCode Stage(MPI_Comm comm, const char *what, PetscInt i, PetscInt n, PetscLogDouble t0)
{
  PetscLogDouble t;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t));
  PetscCall(PetscPrintf(comm, "\n[run] stage %" PetscInt_FMT "/%" PetscInt_FMT ": %s (%.1f s since the start)\n", i, n, what, (double)(t - t0)));
  PetscFunctionReturn(0);
}

/* A stage whose file is computed only when missing (transport, entropy): its object, reading the
 * options, and its work when `path` is not there. */
static PetscErrorCode PresentAlready(MPI_Comm comm, const char path[], PetscBool *has)
{
  PetscFunctionBegin;
  *has = (PetscBool)(access(path, R_OK) == 0);
  PetscCallMPI(MPI_Bcast(has, 1, MPIU_BOOL, 0, comm));
  if (*has) PetscCall(PetscPrintf(comm, "[run] %s is there: not recomputed\n", path));
  PetscFunctionReturn(0);
}

PetscErrorCode InmCmdRun(MPI_Comm comm)
{
  char           dir[PETSC_MAX_PATH_LEN] = "inmvisc_run", tr[PETSC_MAX_PATH_LEN];
  PetscInt       frames = 1, nstage;
  PetscBool      help, has_tr, entropy = PETSC_FALSE;
  PetscMPIInt    size, rank;
  PetscLogDouble t0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscOptionsBegin(comm, NULL, "inmvisc run: prepare -> modes -> transport -> viscosity -> report", "run");
  PetscCall(PetscOptionsString("-output", "Directory of the whole campaign (created if missing)", "run", dir, dir, sizeof(dir), NULL));
  PetscCall(PetscOptionsInt("-run_frames", "Snapshots per trajectory for the modes (the last ones, spread over the production)", "run", frames, &frames, NULL));
  PetscCall(PetscOptionsBool("-run_entropy", "Also the configurational entropy of the modes' snapshots (inmvisc entropy; -entropy_* options) for the entropy model of Fig. 4", "run", entropy, &entropy, NULL));
  PetscOptionsEnd();
  nstage = entropy ? 6 : 5;
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (help) {
    PetscCall(PetscPrintf(comm, "inmvisc run: with no options, the embedded default campaign:"));
    for (size_t k = 0; k < sizeof(Defaults) / sizeof(Defaults[0]); k++) PetscCall(PetscPrintf(comm, " %s %s", Defaults[k][0], Defaults[k][1]));
    PetscCall(PetscPrintf(comm, "\n(every option of prepare, modes, transport and viscosity applies; see their -help)\n"));
    PetscFunctionReturn(0);
  }
  PetscCheck(frames >= 1, comm, PETSC_ERR_USER_INPUT, "run: -run_frames %" PetscInt_FMT " must be at least 1", frames);
  PetscCall(SetDefaults());
  {
    PetscBool set;
    PetscCall(PetscOptionsHasName(NULL, NULL, "-groups", &set));
    if (!set) {
      char g[16];
      PetscCall(PetscSNPrintf(g, sizeof(g), "%d", (int)size));
      PetscCall(PetscOptionsSetValue(NULL, "-groups", g));
    }
  }
  PetscCall(ReadAllOptions(comm, dir, entropy));
  {
    int err = 0;
    if (rank == 0 && mkdir(dir, 0777) && errno != EEXIST) err = errno;
    PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, comm));
    PetscCheck(!err, comm, PETSC_ERR_FILE_OPEN, "%s: cannot create the directory (%s)", dir, strerror(err));
  }
  PetscCall(Identity(comm, dir));
  PetscCall(PetscTime(&t0));

  PetscCall(Stage(comm, "MD sampling (prepare)", 1, nstage, t0));
  {
    InmPrepare p;
    PetscCall(Set("-output", dir, "md"));
    PetscCall(InmPrepareCreate(comm, &p));
    PetscCall(InmPrepareSetFromOptions(p));
    PetscCall(InmPrepareSetUp(p));
    PetscCall(InmPrepareRun(p));
    PetscCall(InmPrepareDestroy(&p));
  }
  PetscCall(Stage(comm, "instantaneous normal modes (modes)", 2, nstage, t0));
  PetscCall(ModesTaskList(comm, dir, frames));
  PetscCall(Set("-input_list", dir, "modes_tasks.txt"));
  PetscCall(Set("-output", dir, "modes.h5"));
  PetscCall(InmCmdModesCampaign(comm));
  PetscCall(Stage(comm, "transport coefficients (transport)", 3, nstage, t0));
  PetscCall(PetscSNPrintf(tr, sizeof(tr), "%s/transport.h5", dir));
  PetscCall(PresentAlready(comm, tr, &has_tr));
  {
    InmTransport t;
    PetscCall(Set("-input", dir, "md"));
    PetscCall(Set("-output", dir, "transport.h5"));
    PetscCall(InmTransportCreate(comm, &t));
    PetscCall(InmTransportSetFromOptions(t));
    if (!has_tr) {
      PetscCall(InmTransportSetUp(t));
      PetscCall(InmTransportRun(t));
      PetscCall(InmTransportView(t));
    }
    PetscCall(InmTransportDestroy(&t));
  }
  if (entropy) {
    InmEntropy e;
    PetscBool  has;
    PetscCall(Stage(comm, "configurational entropy (entropy)", 4, nstage, t0));
    PetscCall(PetscSNPrintf(tr, sizeof(tr), "%s/entropy.h5", dir));
    PetscCall(PresentAlready(comm, tr, &has));
    PetscCall(Set("-input", dir, "modes_tasks.txt"));
    PetscCall(Set("-output", dir, "entropy.h5"));
    PetscCall(InmEntropyCreate(comm, &e));
    PetscCall(InmEntropySetFromOptions(e));
    if (!has) {
      PetscCall(InmEntropySetUp(e));
      PetscCall(InmEntropyRun(e));
      PetscCall(InmEntropyView(e));
    }
    PetscCall(InmEntropyDestroy(&e));
    PetscCall(Set("-entropy", dir, "entropy.h5"));
  }
  PetscCall(Stage(comm, "viscosity from the modes (viscosity)", nstage - 1, nstage, t0));
  {
    InmViscosity v;
    PetscMPIInt  rank;
    char         vf[PETSC_MAX_PATH_LEN];
    /* redone every time: the directory is this campaign's (run.identity), so is its viscosity.h5,
     * also one written before outputs named their kind */
    PetscCallMPI(MPI_Comm_rank(comm, &rank));
    PetscCall(PetscSNPrintf(vf, sizeof(vf), "%s/viscosity.h5", dir));
    if (rank == 0) (void)unlink(vf);
    PetscCall(Set("-modes", dir, "modes.h5"));
    PetscCall(Set("-transport", dir, "transport.h5"));
    PetscCall(Set("-output", dir, "viscosity.h5"));
    PetscCall(InmViscosityCreate(comm, &v));
    PetscCall(InmViscositySetFromOptions(v));
    PetscCall(InmViscositySetUp(v));
    PetscCall(InmViscosityCompute(v));
    PetscCall(InmViscosityView(v));
    PetscCall(InmViscosityDestroy(&v));
  }
  PetscCall(Stage(comm, "figures and summary (report)", nstage, nstage, t0));
  PetscCall(InmReportRun(comm, dir));
  {
    PetscLogDouble t;
    PetscCall(PetscTime(&t));
    PetscCall(PetscPrintf(comm, "\n[run] done in %.1f s: %s/viscosity.h5, %s/report/summary.md\n", (double)(t - t0), dir, dir));
  }
  PetscFunctionReturn(0);
}
