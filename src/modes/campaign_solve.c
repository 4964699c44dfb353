/* Campaign solve: every group takes its share of the pending tasks, one progress line per
 * task, then all ranks write the results file together (SPEC §11). */
#include "campaign_impl.h"

static PetscErrorCode SolveTask(InmModesCampaign c, PetscInt t, PetscLogDouble times[4])
{
  InmConfig     *cfg;
  InmModes      *modes;
  char           path[PETSC_MAX_PATH_LEN];
  PetscLogDouble t0, t1, t2;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  PetscCall(InmModesReadConfig(c->group, c->tasks[t].path, c->format, c->distribute, c->tasks[t].frame, c->es, c->pot, &cfg));
  PetscCall(PetscTime(&t1));
  PetscCall(InmModesCompute(c->group, cfg, c->pot, c->es, &modes, times + 1));
  PetscCall(PetscTime(&t2));
  PetscCall(InmModesCampaignTaskPath(c, t, path, sizeof(path)));
  PetscCall(InmModesWriteTagged(c->group, path, cfg, modes, c->id)); /* the rename marks it complete */
  PetscCall(PetscTime(&times[3]));
  times[0] = t1 - t0;
  times[3] -= t2;
  PetscCall(InmModesDestroy(&modes));
  PetscCall(InmConfigDestroy(&cfg));
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesCampaignSolve(InmModesCampaign c)
{
  PetscInt       npending = 0, nmine = 0, ndone = 0, k = 0, gsize;
  PetscLogDouble tstart;
  PetscErrorCode ierr = 0;
  int            failed, anyfailed;

  PetscFunctionBegin;
  for (PetscInt t = 0; t < c->ntasks; t++) npending += !c->done[t];
  PetscCallMPI(MPI_Comm_size(c->group, &gsize));
  if (c->finished) {
    PetscCall(PetscPrintf(c->world, "[modes] campaign %s: %s already holds all %" PetscInt_FMT " tasks; nothing to do\n", c->id, c->output, c->ntasks));
    PetscCall(PetscOptionsSetValue(NULL, "-options_left", "0")); /* no solver ran: its options are not "unused" */
    PetscFunctionReturn(0);
  }
  PetscCall(PetscPrintf(c->world, "[modes] campaign %s: %" PetscInt_FMT " tasks in %" PetscInt_FMT " ensembles, %" PetscInt_FMT " already complete; %d group(s) of about %" PetscInt_FMT " rank(s); solver %s\n", c->id, c->ntasks, c->nens, c->ntasks - npending, (int)c->ngroups, gsize, c->solver));
  PetscCall(PetscPrintf(c->world, "[modes] "));
  PetscCall(InmEigenSolverView(c->es, PETSC_VIEWER_STDOUT_(c->world)));
  for (PetscInt j = 0; j < c->ntasks; j++)
    if (!c->done[c->order[j]] && (k++ % c->ngroups) == c->color) nmine++;
  PetscCall(PetscTime(&tstart));
  k = 0;
  for (PetscInt j = 0; j < c->ntasks && !ierr; j++) {
    const PetscInt t = c->order[j];
    PetscLogDouble times[4], now;
    if (c->done[t] || (k++ % c->ngroups) != c->color) continue;
    ierr = SolveTask(c, t, times);
    if (ierr) break;
    c->done[t] = PETSC_TRUE;
    ndone++;
    PetscCall(PetscTime(&now));
    if (c->grank == 0) { /* one line per task from the group that did it */
      const PetscLogDouble el = now - tstart, eta = el / ndone * (nmine - ndone);
      printf("[modes] task %" PetscInt_FMT "/%" PetscInt_FMT " (group %d/%d, %" PetscInt_FMT " of its %" PetscInt_FMT "): %s frame %" PetscInt_FMT ", N %" PetscInt_FMT ": read %.2f s, matrix %.2f s, solve %.2f s, write %.2f s; elapsed %.1f s, ETA %.1f s\n", t + 1, c->ntasks, (int)c->color + 1, (int)c->ngroups, ndone, nmine, c->tasks[t].path, c->tasks[t].frame, c->natoms[t], times[0], times[1], times[2], times[3], el, eta);
      fflush(stdout);
    }
  }
  /* a group that failed has printed why; the others finish their task files (kept for a
   * resume) and stop with it */
  failed = ierr ? 1 : 0;
  PetscCallMPI(MPI_Allreduce(&failed, &anyfailed, 1, MPI_INT, MPI_MAX, c->world));
  if (ierr) return ierr;
  if (anyfailed) return INM_ERR_ELSEWHERE;
  PetscCall(InmModesCampaignWriteResults(c));
  PetscFunctionReturn(0);
}
