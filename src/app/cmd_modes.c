/* inmvisc modes: the instantaneous normal modes of one snapshot (SPEC §1, §5, §6).
 *   read -> potential -> neighbour list -> D and Xi~ (PETSc, rows by atom) -> eigen-solve
 *   -> per-mode lambda, omega, P, Gamma -> HDF5 -> a short table on stdout. */
#include "commands.h"

/* Modes with |lambda| <= z = InmModesZeroThreshold are the translational zero modes (SPEC §4). */
static void CountModes(const InmModes *m, PetscReal z, PetscInt *nneg, PetscInt *nzero, PetscInt *npos)
{
  *nneg = *nzero = *npos = 0;
  for (PetscInt p = 0; p < m->nmodes; p++) {
    if (PetscAbsReal(m->lambda[p]) <= z) (*nzero)++;
    else if (m->lambda[p] < 0) (*nneg)++;
    else (*npos)++;
  }
}

static PetscErrorCode PrintTable(MPI_Comm comm, const InmConfig *cfg, const InmModes *m, PetscReal tol, PetscBool hasT, PetscReal T)
{
  PetscInt  nneg, nzero, npos, nclass[2] = {0, 0};
  PetscReal Pmean[2] = {0, 0}, G[2] = {0, 0}, dof = 3.0 * m->natoms - 3.0, z = InmModesZeroThreshold(m, tol);

  PetscFunctionBegin;
  CountModes(m, z, &nneg, &nzero, &npos);
  for (PetscInt p = 0; p < m->nmodes; p++) {
    PetscInt c;
    if (PetscAbsReal(m->lambda[p]) <= z) continue;
    c = m->lambda[p] < 0 ? 0 : 1;
    nclass[c]++;
    Pmean[c] += m->participation[p];
    G[c] += (m->gamma[INM_CHANNEL_XY][p] + m->gamma[INM_CHANNEL_XZ][p] + m->gamma[INM_CHANNEL_YZ][p]) / 3.0;
  }
  PetscCall(PetscPrintf(comm, "\nsnapshot %s: N = %" PetscInt_FMT ", V = %.6g, rho = %.6g", cfg->source, cfg->nglobal, (double)cfg->box.volume, (double)(cfg->nglobal / cfg->box.volume)));
  if (hasT) PetscCall(PetscPrintf(comm, ", T = %.4g", (double)T));
  PetscCall(PetscPrintf(comm, " (%s units)\n", cfg->units[0] ? cfg->units : "unknown"));
  if (m->nmodes) PetscCall(PetscPrintf(comm, "  %-10s %8s %10s %14s %14s %14s\n", "class", "modes", "fraction", "omega min", "omega max", "mean P"));
  for (PetscInt c = 0; c < 2 && m->nmodes; c++) {
    PetscReal wmin = PETSC_MAX_REAL, wmax = -PETSC_MAX_REAL;
    for (PetscInt p = 0; p < m->nmodes; p++) {
      if (PetscAbsReal(m->lambda[p]) <= z || (m->lambda[p] < 0) != (c == 0)) continue;
      wmin = PetscMin(wmin, m->omega[p]);
      wmax = PetscMax(wmax, m->omega[p]);
    }
    if (!nclass[c]) wmin = wmax = 0;
    PetscCall(PetscPrintf(comm, "  %-10s %8" PetscInt_FMT " %10.4f %14.6g %14.6g %14.4f\n", c == 0 ? "unstable" : "stable", nclass[c], (double)(nclass[c] / dof), (double)wmin, (double)wmax, (double)(nclass[c] ? Pmean[c] / nclass[c] : 0)));
  }
  if (m->unstable_count >= 0) PetscCall(PetscPrintf(comm, "  unstable modes by inertia (one LDL^T at -delta): %" PetscInt_FMT ", f_u = %.4f\n", m->unstable_count, (double)(m->unstable_count / dof)));
  if (m->kpm_dos.nmom) {
    PetscReal fu, fu_err, g[2];
    PetscCall(InmModesKPMSummary(m, &fu, &fu_err, g));
    PetscCall(PetscPrintf(comm, "  KPM (%" PetscInt_FMT " moments per shear channel, %" PetscInt_FMT " random vectors x %" PetscInt_FMT "): f_u = %.4f +- %.4f; mean Gamma (xy,xz,yz) unstable %.6g, stable %.6g\n", m->kpm_shear[0].nmom, m->kpm_dos.nvec, m->kpm_dos.nmom, (double)fu, (double)fu_err, (double)g[0], (double)g[1]));
  }
  if (!m->nmodes) PetscFunctionReturn(0); /* -inm_solver kpm: the moments only */
  if (m->nmodes < 3 * m->natoms) PetscCall(PetscPrintf(comm, "  (%" PetscInt_FMT " of %" PetscInt_FMT " modes computed: the stable branch and the zero modes were not asked for)\n", m->nmodes, 3 * m->natoms));
  else PetscCall(PetscPrintf(comm, "  zero modes: %" PetscInt_FMT " (|lambda| <= %g max|lambda|); mean Gamma (xy,xz,yz) unstable %.6g, stable %.6g\n", nzero, (double)tol, (double)(nclass[0] ? G[0] / nclass[0] : 0), (double)(nclass[1] ? G[1] / nclass[1] : 0)));
  PetscFunctionReturn(0);
}

/* One snapshot: the modes file of InmModesWrite and a table. */
static PetscErrorCode ModesOfOneSnapshot(MPI_Comm comm)
{
  char                  input[PETSC_MAX_PATH_LEN] = "";
  InmModesCommonOptions o;
  PetscReal             T    = 0;
  PetscBool             hasT = PETSC_FALSE;
  InmConfig            *cfg;
  InmPotential          pot;
  InmModes             *modes;
  PetscLogDouble        t0, t1, t3, t4, times[2];
  PetscErrorCode        ierr;
  InmEigenSolver        es;
  const char           *solver;

  PetscFunctionBegin;
  PetscCall(InmModesCommonOptionsDefault(&o));
  PetscOptionsBegin(comm, NULL, "inmvisc modes: instantaneous normal modes of one snapshot", "modes");
  PetscCall(PetscOptionsString("-input", "Snapshot file (LAMMPS data, LAMMPS dump, H5MD); several, comma separated, or -input_list, make a campaign", "modes", input, input, sizeof(input), NULL));
  PetscCall(InmModesCommonOptionsRead(PetscOptionsObject, &o)); /* the campaign's reader too */
  PetscOptionsEnd();
  PetscCheck(o.has_output, comm, PETSC_ERR_USER_INPUT, "modes: -output FILE.h5 is required");
  PetscCall(InmEigenSolverCreate(comm, &es));
  PetscCall(InmEigenSolverSetFromOptions(es));
  PetscCall(InmEigenSolverSetUp(es));
  PetscCall(InmEigenSolverGetType(es, &solver, NULL));
  PetscCall(PetscPrintf(comm, "[modes] "));
  PetscCall(InmEigenSolverView(es, PETSC_VIEWER_STDOUT_(comm)));

  PetscCall(InmCheckWritable(comm, o.output));
  {
    const char *in[1] = {input};
    PetscCall(InmCheckNotInput(comm, o.output, 1, in));
  }
  PetscCall(InmCheckOutputKind(comm, o.output, INM_OUTPUT_MODES));
  PetscCall(PetscTime(&t0));
  PetscCall(InmReplicatedBegin(comm));
  ierr = InmPotentialCreateFromOptions(NULL, &pot);
  PetscCall(InmReplicatedEnd(comm, ierr));
  PetscCall(InmModesReadConfig(comm, input, o.format, o.distribute, o.frame, es, pot, &cfg));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(comm, "[modes] read %s: %" PetscInt_FMT " atoms (%.2f s)\n", input, cfg->nglobal, (double)(t1 - t0)));
  PetscCall(InmModesCompute(comm, cfg, pot, es, &modes, times));
  PetscCall(PetscTime(&t3));
  PetscCall(PetscPrintf(comm, "[modes] dynamical matrix %" PetscInt_FMT " x %" PetscInt_FMT " (%.2f s); eigen-solve (%s): %" PetscInt_FMT " modes (%.2f s)\n", 3 * cfg->nglobal, 3 * cfg->nglobal, (double)times[0], solver, modes->nmodes, (double)times[1]));
  PetscCall(InmModesWrite(comm, o.output, cfg, modes));
  PetscCall(PetscTime(&t4));
  PetscCall(PetscPrintf(comm, "[modes] wrote %s (%.2f s)\n", o.output, (double)(t4 - t3)));
  if (cfg->v) {
    PetscCall(InmConfigTemperature(cfg, &T));
    hasT = PETSC_TRUE;
  }
  PetscCall(PrintTable(comm, cfg, modes, o.zero_tol, hasT, T));
  PetscCall(InmModesDestroy(&modes));
  PetscCall(InmConfigDestroy(&cfg));
  PetscCall(InmPotentialDestroy(&pot));
  PetscCall(InmEigenSolverDestroy(&es));
  PetscFunctionReturn(0);
}

/* Many snapshots (-input A,B,... or -input_list FILE, any -groups): a campaign. */
PetscErrorCode InmCmdModesCampaign(MPI_Comm comm)
{
  InmModesCampaign c;

  PetscFunctionBegin;
  PetscCall(InmModesCampaignCreate(comm, &c));
  PetscCall(InmModesCampaignSetFromOptions(c));
  PetscCall(InmModesCampaignSetUp(c));
  PetscCall(InmModesCampaignSolve(c));
  PetscCall(InmModesCampaignView(c));
  PetscCall(InmModesCampaignDestroy(&c));
  PetscFunctionReturn(0);
}

/* Every option of `modes` read: the campaign's (a superset of one snapshot's, with the
 * eigen-solver's), the potential's. */
PetscErrorCode InmCmdModesOptions(MPI_Comm comm)
{
  InmPotential   pot;
  InmModesCampaign    c;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(InmModesCampaignCreate(comm, &c));
  PetscCall(InmModesCampaignSetOptionsOnly(c, PETSC_TRUE));
  PetscCall(InmModesCampaignSetFromOptions(c));
  PetscCall(InmModesCampaignDestroy(&c));
  PetscCall(InmReplicatedBegin(comm));
  ierr = InmPotentialCreateFromOptions(NULL, &pot);
  PetscCall(InmReplicatedEnd(comm, ierr));
  PetscCall(InmPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}

PetscErrorCode InmCmdModes(MPI_Comm comm)
{
  char      input[PETSC_MAX_PATH_LEN] = "";
  PetscBool help, haslist, hasin, hasgroups;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  PetscCall(InmCmdModesOptions(comm)); /* -help lists them; otherwise a misspelt one is found before the work */
  if (help) PetscFunctionReturn(0);
  PetscCall(InmOptionsCheckUnused(comm));
  PetscCall(PetscOptionsHasName(NULL, NULL, "-input_list", &haslist));
  PetscCall(PetscOptionsHasName(NULL, NULL, "-groups", &hasgroups));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-input", input, sizeof(input), &hasin));
  PetscCheck(haslist || hasin, comm, PETSC_ERR_USER_INPUT, "modes: -input FILE is required (or FILE,FILE,... or -input_list LIST for a campaign)");
  if (haslist || hasgroups || strchr(input, ',')) PetscCall(InmCmdModesCampaign(comm));
  else PetscCall(ModesOfOneSnapshot(comm));
  PetscFunctionReturn(0);
}
