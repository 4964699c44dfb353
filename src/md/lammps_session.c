/* LAMMPS as a library, in-process (SPEC §7): one instance per rank group, opened on the
 * group's communicator with the C API (LAMMPS_LIB_MPI).
 *
 * Errors: Debian's LAMMPS is built without C++ exceptions, so a LAMMPS error ends the
 * process inside LAMMPS (error->all: MPI_Finalize + exit(1); error->one: MPI_Abort). It
 * cannot be caught. inmvisc therefore (1) checks its own inputs before they reach LAMMPS,
 * and (2) points LAMMPS's log at a per-instance file and, when the process exits (atexit) or
 * aborts (MPI_Abort, interposed below: error->one) while an instance is open, prints LAMMPS's
 * last "ERROR" line as one line "inmvisc: error: LAMMPS: <message> (last command: <command>)".
 * LAMMPS writes its log on its rank 0 only: an error->one raised on another rank is not in it,
 * and then the line says which rank stopped and in which command. The log's name is unlinked
 * as soon as LAMMPS has opened it (rank 0 keeps a handle to read it), so no log is left
 * behind whatever way the process ends; -lammps_keep_log keeps it under its name. With
 * exceptions compiled in (lammps_config_has_exceptions), errors are also caught after
 * every command and returned as PETSc errors. */
#include "md_impl.h"
#include <lammps/library.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static InmLammps inm_open_instance = NULL; /* the instance the exit handler reports on */
static PetscBool inm_atexit_set    = PETSC_FALSE;

/* rank 0 of an instance: LAMMPS's last ERROR line from its log, if any */
static void LastLogError(InmLammps lmp, char last[], size_t len)
{
  FILE *fp = lmp->logread ? lmp->logread : fopen(lmp->logpath, "r");
  char  line[1024];

  last[0] = '\0';
  if (!fp) return;
  rewind(fp);
  while (fgets(line, sizeof(line), fp))
    if (!strncmp(line, "ERROR", 5)) {
      line[strcspn(line, "\r\n")] = '\0';
      snprintf(last, len, "%s", line);
    }
  if (fp != lmp->logread) fclose(fp);
}

static void ReportLammpsExit(void)
{
  char last[1024];

  if (!inm_open_instance || inm_open_instance->rank != 0) return;
  LastLogError(inm_open_instance, last, sizeof(last));
  if (last[0]) fprintf(stderr, "inmvisc: error: LAMMPS: %s (last command: %s)\n", last, inm_open_instance->lastcmd);
}

/* LAMMPS's error->one calls MPI_Abort on the rank that found the error, which ends every
 * process without atexit(): this definition, linked into the executable, takes the calls of
 * liblammps (and of everything else) and says what LAMMPS said before aborting. */
int MPI_Abort(MPI_Comm comm, int errorcode)
{
  InmLammps lmp = inm_open_instance;
  if (lmp) {
    char last[1024] = "";
    if (lmp->rank == 0) LastLogError(lmp, last, sizeof(last));
    /* another rank gives rank 0 two seconds: if it aborts too, its line (with LAMMPS's
     * message) is the one printed and this process is killed before saying anything */
    if (lmp->rank != 0) sleep(2);
    if (last[0]) fprintf(stderr, "inmvisc: error: LAMMPS: %s (last command: %s)\n", last, lmp->lastcmd);
    else fprintf(stderr, "inmvisc: error: LAMMPS stopped on rank %d of its group in \"%s\" (its message is printed by rank 0 only; run that step on one rank to see it)\n", (int)lmp->rank, lmp->lastcmd);
    fflush(stderr);
  }
  return PMPI_Abort(comm, errorcode);
}

PetscErrorCode InmLammpsOptions(MPI_Comm comm, PetscBool *screen_out, PetscBool *keeplog_out)
{
  PetscBool flags[2], *screen = screen_out ? screen_out : &flags[0], *keeplog = keeplog_out ? keeplog_out : &flags[1];

  PetscFunctionBegin;
  *screen = *keeplog = PETSC_FALSE;
  PetscOptionsBegin(comm, NULL, "LAMMPS (the library, in-process)", "md");
  PetscCall(PetscOptionsBool("-lammps_screen", "LAMMPS's screen output on stdout", "md", *screen, screen, NULL));
  PetscCall(PetscOptionsBool("-lammps_keep_log", "Keep LAMMPS's log file ($TMPDIR or /tmp, inmvisc-lammps-PID-K.log)", "md", *keeplog, keeplog, NULL));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

PetscErrorCode InmLammpsOpen(MPI_Comm comm, InmLammps *out)
{
  InmLammps   lmp;
  static int  count = 0;
  const char *tmp   = getenv("TMPDIR");
  PetscBool   screen = PETSC_FALSE;
  char       *args[8];
  int         nargs = 0;

  PetscFunctionBegin;
  PetscCall(PetscNew(&lmp));
  lmp->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &lmp->rank));
  PetscCall(InmLammpsOptions(comm, &screen, &lmp->keeplog));
  {
    int pid = (int)getpid();
    PetscCallMPI(MPI_Bcast(&pid, 1, MPI_INT, 0, comm)); /* one log per instance, named by rank 0 */
    PetscCall(PetscSNPrintf(lmp->logpath, sizeof(lmp->logpath), "%s/inmvisc-lammps-%d-%d.log", tmp && tmp[0] ? tmp : "/tmp", pid, count++));
  }
  args[nargs++] = (char *)"inmvisc";
  args[nargs++] = (char *)"-log";
  args[nargs++] = lmp->logpath;
  if (!screen) { /* LAMMPS writes its screen output to stdout unless told "-screen none" (a name is a file) */
    args[nargs++] = (char *)"-screen";
    args[nargs++] = (char *)"none";
  }
  args[nargs++] = (char *)"-nocite";
  lmp->handle = lammps_open(nargs, args, comm, NULL);
  PetscCheck(lmp->handle, comm, PETSC_ERR_LIB, "LAMMPS: the library could not be opened");
  if (lmp->rank == 0 && !lmp->keeplog) { /* LAMMPS has it open: keep a handle, drop the name */
    lmp->logread = fopen(lmp->logpath, "r");
    if (lmp->logread) (void)unlink(lmp->logpath);
  }
  if (!inm_atexit_set) {
    atexit(ReportLammpsExit);
    inm_atexit_set = PETSC_TRUE;
  }
  inm_open_instance = lmp;
  *out              = lmp;
  PetscFunctionReturn(0);
}

PetscErrorCode InmLammpsClose(InmLammps *lmp)
{
  PetscFunctionBegin;
  if (!*lmp) PetscFunctionReturn(0);
  lammps_close((*lmp)->handle);
  if ((*lmp)->logread) fclose((*lmp)->logread);
  else if ((*lmp)->rank == 0 && !(*lmp)->keeplog) (void)remove((*lmp)->logpath);
  if (inm_open_instance == *lmp) inm_open_instance = NULL;
  PetscCall(PetscFree((*lmp)->history));
  PetscCall(PetscFree(*lmp));
  PetscFunctionReturn(0);
}

/* Keep every command, so the input of a run can be stored beside its results and replayed
 * by the `lmp` executable. */
static PetscErrorCode RecordCommand(InmLammps lmp, const char *cmd)
{
  size_t n = strlen(cmd);

  PetscFunctionBegin;
  if (lmp->hlen + n + 2 > lmp->hcap) {
    char  *more;
    size_t cap = PetscMax(2 * lmp->hcap, lmp->hlen + n + 4096);
    PetscCall(PetscMalloc1(cap, &more));
    if (lmp->hlen) PetscCall(PetscArraycpy(more, lmp->history, lmp->hlen));
    PetscCall(PetscFree(lmp->history));
    lmp->history = more;
    lmp->hcap    = cap;
  }
  PetscCall(PetscArraycpy(lmp->history + lmp->hlen, cmd, n));
  lmp->hlen += n;
  lmp->history[lmp->hlen++] = '\n';
  lmp->history[lmp->hlen]   = '\0';
  PetscFunctionReturn(0);
}

PetscErrorCode InmLammpsHistory(InmLammps lmp, const char **text)
{
  PetscFunctionBegin;
  *text = lmp->history ? lmp->history : "";
  PetscFunctionReturn(0);
}

static PetscErrorCode RunOne(InmLammps lmp, const char *cmd)
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(lmp->lastcmd, cmd, sizeof(lmp->lastcmd)));
  PetscCall(RecordCommand(lmp, cmd));
  lammps_command(lmp->handle, (char *)cmd);
  if (lammps_config_has_exceptions() && lammps_has_error(lmp->handle)) {
    char msg[1024];
    lammps_get_last_error_message(lmp->handle, msg, sizeof(msg));
    msg[strcspn(msg, "\r\n")] = '\0';
    SETERRQ(lmp->comm, PETSC_ERR_LIB, "LAMMPS: %s (command: %s)", msg, cmd);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmLammpsCommand(InmLammps lmp, const char fmt[], ...)
{
  char    cmd[8192];
  va_list ap;
  int     n;

  PetscFunctionBegin;
  va_start(ap, fmt);
  n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
  va_end(ap);
  PetscCheck(n >= 0 && n < (int)sizeof(cmd), lmp->comm, PETSC_ERR_ARG_SIZ, "LAMMPS command longer than %d characters", (int)sizeof(cmd) - 1);
  PetscCall(RunOne(lmp, cmd));
  PetscFunctionReturn(0);
}

PetscErrorCode InmLammpsCommands(InmLammps lmp, const char block[])
{
  char *copy, *line, *save = NULL;

  PetscFunctionBegin;
  PetscCall(PetscStrallocpy(block, &copy));
  for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
    if (line[strspn(line, " \t")]) PetscCall(RunOne(lmp, line));
  PetscCall(PetscFree(copy));
  PetscFunctionReturn(0);
}

PetscErrorCode InmLammpsSetPotential(InmLammps lmp, InmPotential pot)
{
  const InmUnits *u;

  PetscFunctionBegin;
  PetscCall(InmUnitsGet(pot->units, &u));
  PetscCall(InmLammpsCommands(lmp, pot->lammps_pair));
  for (PetscInt t = 1; t <= pot->ntypes; t++)
    if (pot->type_mass[t] > 0) PetscCall(InmLammpsCommand(lmp, "mass %" PetscInt_FMT " %.17g", t, (double)pot->type_mass[t]));
  PetscCall(InmLammpsCommand(lmp, "neighbor %g bin", (double)u->skin));
  PetscCall(InmLammpsCommand(lmp, "neigh_modify delay 0 every 1 check yes"));
  PetscFunctionReturn(0);
}
