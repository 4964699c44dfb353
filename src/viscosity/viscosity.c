/* `inmvisc viscosity`: the object that reads the modes and transport results, finds the
 * mobility edges, evaluates Eq. (1) per class and writes the tables (see inmvisc/viscosity.h).
 * The work is small (sums over the modes of a few hundred snapshots): rank 0 does it, and the
 * other ranks learn of an error from it (InmCheckCollective). */
#include "viscosity_impl.h"
#include <inmvisc/h5util.h>
#include <math.h>

PetscErrorCode InmViscosityCreate(MPI_Comm comm, InmViscosity *out)
{
  InmViscosity v;

  PetscFunctionBegin;
  PetscCall(PetscNew(&v));
  v->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &v->rank));
  v->fss_bins  = 30;
  v->fss_boot  = 200;
  v->min_count = 5;
  v->fss_exponent = -0.5;
  v->grid[0]   = 1e-2;
  v->grid[1]   = 1e2;
  v->grid[2]   = 61;
  *out         = v;
  PetscFunctionReturn(0);
}

PetscErrorCode InmViscositySetFromOptions(InmViscosity v)
{
  PetscInt  ngrid = 3, nint = 2 * INM_MAX_INTERVALS, nmf = INM_MAX_INPUTS, ntf = INM_MAX_INPUTS;
  PetscBool has_modes, has_out, has_grid, has_int, set, help;
  char      vroute[16] = "D", wroute[16] = "bulk";
  const char *const vroutes[] = {"D", "kernel"}, *const wroutes[] = {"bulk", "shear"};

  PetscFunctionBegin;
  v->nvt_hand = v->nD_hand = v->nwmin_hand = v->nB_hand = 64;
  PetscOptionsBegin(v->comm, NULL, "inmvisc viscosity: eta from the instantaneous normal modes (Eq. 1) beside Green-Kubo", "viscosity");
  PetscCall(PetscOptionsStringArray("-modes", "Modes campaign results files (inmvisc modes), comma separated: one analysis", "viscosity", v->modes_files, &nmf, &has_modes));
  PetscCall(PetscOptionsStringArray("-transport", "Transport results files (inmvisc transport): vtilde(0), omega_min, eta_GK, shear MD", "viscosity", v->transport_files, &ntf, &set));
  if (!set) ntf = 0;
  PetscCall(PetscOptionsRealArray("-vtilde0", "vtilde(0) by hand (mass/time): one value, or one per temperature (ascending)", "viscosity", v->vt_hand, &v->nvt_hand, &set));
  if (!set) v->nvt_hand = 0;
  PetscCall(PetscOptionsRealArray("-diffusion", "D by hand (length^2/time), for vtilde(0) = kB T / D (Eq. 5): one value, or one per temperature", "viscosity", v->D_hand, &v->nD_hand, &set));
  if (!set) v->nD_hand = 0;
  PetscCall(PetscOptionsString("-vtilde0_route", "vtilde(0) from the transport file: D (kB T / D, Eq. 5) or kernel (memory kernel, Eq. 3)", "viscosity", vroute, vroute, sizeof(vroute), NULL));
  PetscCall(PetscOptionsRealArray("-omega_min", "omega_min by hand (rad/time; 0: no cut): one value, or one per temperature", "viscosity", v->wmin_hand, &v->nwmin_hand, &set));
  if (!set) v->nwmin_hand = 0;
  PetscCall(PetscOptionsRealArray("-omega_min_bulk", "omega_min from a bulk modulus B by hand (pressure): omega_min = 2 pi sqrt(B / rho_mass) / L: one value, or one per temperature", "viscosity", v->B_hand, &v->nB_hand, &set));
  if (!set) v->nB_hand = 0;
  PetscCall(PetscOptionsString("-omega_min_route", "omega_min from the transport file: bulk (App. H) or shear (G_inf)", "viscosity", wroute, wroute, sizeof(wroute), NULL));
  PetscCall(PetscOptionsReal("-P_c", "Participation threshold of the mobility edge (default: finite-size scaling)", "viscosity", v->P_c_hand, &v->P_c_hand, &v->has_P_c));
  PetscCall(PetscOptionsReal("-omega_c", "Mobility edge |omega_c| by hand (rad/time)", "viscosity", v->omega_c_hand, &v->omega_c_hand, &v->has_omega_c));
  PetscCall(PetscOptionsBool("-omega_c_typical", "Mobility edge of each (T, N) from the modes campaign's typical density of states (omega_c_typical: modes -inm_kpm_sites), without eigenvectors", "viscosity", v->omega_c_typical, &v->omega_c_typical, NULL));
  PetscCall(PetscOptionsRealArray("-eta_interval", "Extra classes: omega intervals a1,b1[,a2,b2,...] ([a, b), rad/time)", "viscosity", v->intervals, &nint, &has_int));
  PetscCall(PetscOptionsRealArray("-loss_modulus_grid", "G''(Omega): Omega_min,Omega_max,points (log spaced, rad/time)", "viscosity", v->grid, &ngrid, &has_grid));
  PetscCall(PetscOptionsInt("-fss_bins", "Finite-size scaling: bins of the unstable branch", "viscosity", v->fss_bins, &v->fss_bins, NULL));
  PetscCall(PetscOptionsInt("-fss_min_count", "Finite-size scaling: modes a bin needs at every size", "viscosity", v->min_count, &v->min_count, NULL));
  PetscCall(PetscOptionsReal("-fss_exponent", "Finite-size scaling: omega_c where d ln P / d ln N rises through this (between -1, localized, and 0, extended)", "viscosity", v->fss_exponent, &v->fss_exponent, NULL));
  PetscCall(PetscOptionsInt("-fss_bootstrap", "Finite-size scaling: resamples of the samples for the error of omega_c", "viscosity", v->fss_boot, &v->fss_boot, NULL));
  PetscCall(PetscOptionsString("-sconf_table", "Configurational entropy per temperature, 'T S_conf [error]' per line: the entropy model of Fig. 4", "viscosity", v->sconf_file, v->sconf_file, sizeof(v->sconf_file), NULL));
  PetscCall(PetscOptionsString("-entropy", "The results of inmvisc entropy (HDF5): S_conf per temperature for the entropy model of Fig. 4, in place of -sconf_table", "viscosity", v->entropy_file, v->entropy_file, sizeof(v->entropy_file), NULL));
  PetscCall(PetscOptionsString("-output", "Results file (HDF5)", "viscosity", v->output, v->output, sizeof(v->output), &has_out));
  PetscOptionsEnd();
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (help) PetscFunctionReturn(0);
  v->nmodes_files     = has_modes ? nmf : 0;
  v->ntransport_files = ntf;
  PetscCheck(has_modes && nmf > 0, v->comm, PETSC_ERR_USER_INPUT, "viscosity: -modes RESULTS.h5[,MORE.h5] is required (the results of inmvisc modes)");
  PetscCheck(has_out, v->comm, PETSC_ERR_USER_INPUT, "viscosity: -output FILE.h5 is required");
  PetscCall(InmChoiceIndex(v->comm, "-vtilde0_route", vroute, 2, vroutes, &v->vt_route));
  PetscCall(InmChoiceIndex(v->comm, "-omega_min_route", wroute, 2, wroutes, &v->wmin_route));
  PetscCheck(!(v->nvt_hand && v->nD_hand), v->comm, PETSC_ERR_USER_INPUT, "viscosity: give -vtilde0 or -diffusion, not both");
  PetscCheck(!(v->nwmin_hand && v->nB_hand), v->comm, PETSC_ERR_USER_INPUT, "viscosity: give -omega_min or -omega_min_bulk, not both");
  PetscCheck(!(v->has_P_c && v->has_omega_c), v->comm, PETSC_ERR_USER_INPUT, "viscosity: give -P_c or -omega_c, not both");
  PetscCheck(!(v->omega_c_typical && (v->has_P_c || v->has_omega_c)), v->comm, PETSC_ERR_USER_INPUT, "viscosity: give one of -omega_c_typical, -P_c and -omega_c");
  PetscCheck(!v->has_P_c || (v->P_c_hand > 0 && v->P_c_hand < 1), v->comm, PETSC_ERR_USER_INPUT, "viscosity: -P_c %g is not a participation ratio in (0, 1)", (double)v->P_c_hand);
  PetscCheck(!v->has_omega_c || v->omega_c_hand >= 0, v->comm, PETSC_ERR_USER_INPUT, "viscosity: -omega_c %g: give the magnitude |omega_c| >= 0", (double)v->omega_c_hand);
  for (PetscInt k = 0; k < v->nvt_hand; k++) PetscCheck(v->vt_hand[k] > 0, v->comm, PETSC_ERR_USER_INPUT, "viscosity: -vtilde0 value %g is not positive", (double)v->vt_hand[k]);
  for (PetscInt k = 0; k < v->nD_hand; k++) PetscCheck(v->D_hand[k] > 0, v->comm, PETSC_ERR_USER_INPUT, "viscosity: -diffusion value %g is not positive", (double)v->D_hand[k]);
  for (PetscInt k = 0; k < v->nwmin_hand; k++) PetscCheck(v->wmin_hand[k] >= 0, v->comm, PETSC_ERR_USER_INPUT, "viscosity: -omega_min value %g is negative", (double)v->wmin_hand[k]);
  for (PetscInt k = 0; k < v->nB_hand; k++) PetscCheck(v->B_hand[k] > 0, v->comm, PETSC_ERR_USER_INPUT, "viscosity: -omega_min_bulk value %g is not positive", (double)v->B_hand[k]);
  if (!has_int) nint = 0;
  PetscCheck(nint % 2 == 0, v->comm, PETSC_ERR_USER_INPUT, "viscosity: -eta_interval takes pairs a,b (got %d numbers)", (int)nint);
  v->nintervals = nint / 2;
  for (PetscInt k = 0; k < v->nintervals; k++) PetscCheck(v->intervals[2 * k] < v->intervals[2 * k + 1], v->comm, PETSC_ERR_USER_INPUT, "viscosity: -eta_interval %g,%g is empty (a < b)", (double)v->intervals[2 * k], (double)v->intervals[2 * k + 1]);
  PetscCheck((!has_grid || ngrid == 3) && v->grid[0] > 0 && v->grid[1] > v->grid[0] && v->grid[2] >= 2 && v->grid[2] <= 100000, v->comm, PETSC_ERR_USER_INPUT, "viscosity: -loss_modulus_grid needs Omega_min,Omega_max,points with 0 < Omega_min < Omega_max and 2 to 1e5 points");
  PetscCheck(v->fss_exponent > -1 && v->fss_exponent < 0, v->comm, PETSC_ERR_USER_INPUT, "viscosity: -fss_exponent %g must lie between -1 (localized) and 0 (extended)", (double)v->fss_exponent);
  PetscCheck(v->fss_bins >= 4 && v->fss_boot >= 0 && v->min_count >= 1, v->comm, PETSC_ERR_USER_INPUT, "viscosity: -fss_bins >= 4, -fss_bootstrap >= 0, -fss_min_count >= 1");
  PetscFunctionReturn(0);
}

/* Per-temperature hand values must be one, or one per temperature. */
static PetscErrorCode CheckHandCounts(InmViscosity v)
{
  PetscInt    ntemps = 0;
  const char *names[4]  = {"-vtilde0", "-diffusion", "-omega_min", "-omega_min_bulk"};
  PetscInt    counts[4] = {v->nvt_hand, v->nD_hand, v->nwmin_hand, v->nB_hand};

  PetscFunctionBegin;
  for (PetscInt e = 0; e < v->nens; e++)
    if (e == 0 || v->ens[e].T != v->ens[e - 1].T) ntemps++;
  for (int k = 0; k < 4; k++) PetscCheck(counts[k] <= 1 || counts[k] == ntemps, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "viscosity: %s has %d values; give one, or one per temperature (%d in the modes files)", names[k], (int)counts[k], (int)ntemps);
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUpRoot(InmViscosity v)
{
  PetscFunctionBegin;
  PetscCall(InmViscosityReadModes(v));
  PetscCall(CheckHandCounts(v));
  PetscCall(InmViscosityReadTransport(v));
  PetscCall(InmViscosityReadSconf(v));
  PetscFunctionReturn(0);
}

PetscErrorCode InmViscositySetUp(InmViscosity v)
{
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(InmCheckWritable(v->comm, v->output));
  PetscCall(InmCheckNotInput(v->comm, v->output, v->nmodes_files, (const char *const *)v->modes_files));
  PetscCall(InmCheckNotInput(v->comm, v->output, v->ntransport_files, (const char *const *)v->transport_files));
  PetscCall(InmCheckOutputKind(v->comm, v->output, INM_OUTPUT_VISCOSITY));
  if (!v->rank) ierr = SetUpRoot(v);
  PetscCall(InmCheckCollective(v->comm, 0, ierr));
  PetscFunctionReturn(0);
}

static PetscErrorCode ComputeRoot(InmViscosity v)
{
  PetscFunctionBegin;
  PetscCall(InmViscosityMobilityEdges(v));
  PetscCall(InmViscosityModal(v));
  PetscCall(InmViscosityFits(v));
  PetscCall(InmViscosityWrite(v));
  v->computed = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode InmViscosityCompute(InmViscosity v)
{
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  if (!v->rank) ierr = ComputeRoot(v);
  PetscCall(InmCheckCollective(v->comm, 0, ierr));
  PetscCall(InmCommitFile(v->comm, v->output));
  PetscFunctionReturn(0);
}

static void Col(char *buf, size_t len, PetscReal x, PetscReal dx)
{
  if (PetscIsNanReal(x)) snprintf(buf, len, "%s", "missing");
  else if (PetscIsNanReal(dx)) snprintf(buf, len, "%.4g", (double)x);
  else snprintf(buf, len, "%.4g +- %.2g", (double)x, (double)dx);
}

PetscErrorCode InmViscosityView(InmViscosity v)
{
  PetscFunctionBegin;
  if (v->rank || !v->computed) PetscFunctionReturn(0);
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "\nShear viscosity from the instantaneous normal modes, Eq. (1), beside Green-Kubo (%s, %s units; eta in %s)\n", v->model, v->units, v->u->visc_reported));
  for (PetscInt e = 0; e < v->nens; e++) {
    const VEnsemble *E = &v->ens[e];
    char             a[64], b[64];
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "\nT = %g, N = %" PetscInt_FMT ", %" PetscInt_FMT " samples: omega_c = %.4g +- %.2g, P_c = %.3g, omega_min = %.4g, vtilde(0) = %.5g, f_u = %.4f, f_u^L = %.4f%s\n", (double)E->T, E->N, E->ntasks, (double)E->omega_c, (double)E->omega_c_err, (double)E->P_c, (double)E->omega_min, (double)E->vtilde0, (double)E->f[1], (double)E->f[2], E->ntasks == 1 ? " (one sample: an Eq. (1) error is the KPM truncation estimate alone, where there is one)" : ""));
    Col(a, sizeof(a), E->tr ? E->tr->eta_gk : (PetscReal)NAN, E->tr ? E->tr->eta_gk_err : (PetscReal)NAN);
    Col(b, sizeof(b), E->tr ? E->tr->eta_md : (PetscReal)NAN, E->tr ? E->tr->eta_md_err : (PetscReal)NAN);
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "  %-22s %s\n  %-22s %s\n", "Green-Kubo", E->tr ? a : "no transport file", "shear MD (lowest rate)", E->tr ? b : "no transport file"));
    for (PetscInt c = 0; c < InmViscosityNumClasses(v); c++) {
      char name[64];
      if (c < INM_NCLASS) PetscCall(PetscSNPrintf(name, sizeof(name), "Eq. (1) %s", InmModeClassNames[c]));
      else PetscCall(PetscSNPrintf(name, sizeof(name), "Eq. (1) [%g, %g)", (double)v->intervals[2 * (c - INM_NCLASS)], (double)v->intervals[2 * (c - INM_NCLASS) + 1]));
      Col(a, sizeof(a), E->eta[c], E->eta_err[c]);
      if (E->tr && E->tr->eta_gk > 0 && !PetscIsNanReal(E->eta[c])) {
        const PetscReal r = E->eta[c] / E->tr->eta_gk, dr = r * PetscSqrtReal(PetscSqr(E->eta_err[c] / E->eta[c]) + PetscSqr(E->tr->eta_gk_err / E->tr->eta_gk));
        Col(b, sizeof(b), r, dr);
        PetscCall(PetscPrintf(PETSC_COMM_SELF, "  %-22s %-24s ratio to Green-Kubo %s\n", name, a, b));
      } else PetscCall(PetscPrintf(PETSC_COMM_SELF, "  %-22s %s\n", name, a));
    }
  }
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "\n(written to %s)\n", v->output));
  PetscFunctionReturn(0);
}

PetscErrorCode InmViscosityDestroy(InmViscosity *vp)
{
  InmViscosity v = *vp;

  PetscFunctionBegin;
  if (!v) PetscFunctionReturn(0);
  for (PetscInt k = 0; k < v->ntasks; k++) {
    PetscCall(PetscFree4(v->tasks[k].lambda, v->tasks[k].omega, v->tasks[k].P, v->tasks[k].gamma));
    PetscCall(InmChebyshevMomentsDestroy(&v->tasks[k].kpm));
    PetscCall(InmChebyshevMomentsDestroy(&v->tasks[k].dos));
  }
  PetscCall(PetscFree(v->tasks));
  for (PetscInt e = 0; e < v->nens; e++) {
    PetscCall(PetscFree(v->ens[e].task));
    PetscCall(PetscFree(v->ens[e].G2));
  }
  PetscCall(PetscFree(v->ens));
  for (PetscInt k = 0; k < v->nfss; k++) PetscCall(PetscFree5(v->fss[k].sizes, v->fss[k].P, v->fss[k].s, v->fss[k].s_err, v->fss[k].count));
  PetscCall(PetscFree(v->fss));
  PetscCall(PetscFree(v->tr));
  PetscCall(PetscFree(v->sconf));
  PetscCall(PetscFree2(v->eta_sample, v->fr_sample));
  for (PetscInt k = 0; k < v->nmodes_files; k++) PetscCall(PetscFree(v->modes_files[k]));
  for (PetscInt k = 0; k < v->ntransport_files; k++) PetscCall(PetscFree(v->transport_files[k]));
  PetscCall(PetscFree(v));
  *vp = NULL;
  PetscFunctionReturn(0);
}
