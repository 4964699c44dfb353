/* The transport campaign's results file (units on every dataset) and its table on stdout. */
#include "transport_impl.h"

PetscErrorCode InmTransportWriteResults(InmTransport t)
{
  char        partial[PETSC_MAX_PATH_LEN];
  hid_t       f, g, tg;
  herr_t      st = 0;
  const InmUnits *u      = t->u;
  const PetscReal factor = InmUnitsGreenKuboToReported(u), factor_nemd = InmUnitsViscosityToReported(u);
  PetscReal      *col;
  const char     *vname = u->visc_reported, *ut = u->time, *uD = u->diffusion, *uvt = u->vtilde, *ueta = u->visc_gk;
  char            umsd[32];
  hsize_t         ne = (hsize_t)t->nens, d2[2] = {(hsize_t)t->nens, (hsize_t)t->nsets};

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(umsd, sizeof(umsd), "%s2", u->length));
  PetscCall(InmH5CreateResults(t->output, INM_OUTPUT_TRANSPORT, t->units, t->input, partial, sizeof(partial), &f));
  tg = H5Gcreate2(f, "transport", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  g  = H5Gcreate2(tg, "ensembles", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  PetscCall(PetscMalloc1(t->nens * PetscMax(t->nsets, t->nrates), &col));
  {
    const struct {
      const char *name, *unit;
      size_t      off;
      PetscReal   scale;
    } cols[] = {
      {"temperature_nominal", u->temperature, offsetof(Ens, T), 1},
      {"temperature", u->temperature, offsetof(Ens, T_mean), 1},
      {"vtilde0_D", uvt, offsetof(Ens, vt_D), 1},
      {"vtilde0_D_err", uvt, offsetof(Ens, vt_D_err), 1},
      {"vtilde0_kernel", uvt, offsetof(Ens, vt_K), 1},
      {"vtilde0_kernel_err", uvt, offsetof(Ens, vt_K_err), 1},
      {"bulk_modulus", u->pressure, offsetof(Ens, bulk.B), 1},
      {"bulk_modulus_err", u->pressure, offsetof(Ens, bulk.B_err), 1},
      {"bulk_modulus_npt", u->pressure, offsetof(Ens, bulk.B_npt), 1},
      {"bulk_modulus_npt_err", u->pressure, offsetof(Ens, bulk.B_npt_err), 1},
      {"sound_speed", u->velocity, offsetof(Ens, bulk.v_s), 1},
      {"omega_min", u->omega, offsetof(Ens, bulk.omega_min), 1},
      {"shear_modulus_inf", u->pressure, offsetof(Ens, G), 1},
      {"shear_modulus_inf_err", u->pressure, offsetof(Ens, G_err), 1},
      {"omega_min_shear", u->omega, offsetof(Ens, omega_min_G), 1},
    };
    for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]); c++) {
      hid_t ds;
      for (PetscInt e = 0; e < t->nens; e++) col[e] = *(const PetscReal *)((const char *)&t->ens[e] + cols[c].off) * cols[c].scale;
      st |= InmH5Write(g, cols[c].name, H5T_NATIVE_DOUBLE, 1, &ne, col) < 0;
      ds = H5Dopen2(g, cols[c].name, H5P_DEFAULT);
      st |= ds < 0 || InmH5AttrString(ds, "units", cols[c].unit) < 0;
      if (ds >= 0) H5Dclose(ds);
    }
  }
  {
    const char *names[] = {"eta", "eta_err", "eta_reported", "eta_reported_err", "gk_t_cut", "gk_t_spread", "gk_t_level"};
    const char *units[] = {ueta, ueta, vname, vname, ut, ut, ut};
    for (int c = 0; c < 7; c++) {
      hid_t ds;
      for (PetscInt e = 0; e < t->nens; e++) {
        const InmGreenKubo *gk = t->ens[e].gk;
        const PetscReal     v[7] = {gk->eta, gk->eta_err, gk->eta * factor, gk->eta_err * factor, gk->t_cut, gk->t_spread, gk->t_level};
        col[e]                   = v[c];
      }
      st |= InmH5Write(g, names[c], H5T_NATIVE_DOUBLE, 1, &ne, col) < 0;
      ds = H5Dopen2(g, names[c], H5P_DEFAULT);
      st |= ds < 0 || InmH5AttrString(ds, "units", units[c]) < 0;
      if (ds >= 0) H5Dclose(ds);
    }
  }
  if (t->nrates) { /* shear MD: eta per rate, and the rates */
    hsize_t dr[2] = {(hsize_t)t->nens, (hsize_t)t->nrates}, nr = (hsize_t)t->nrates;
    hid_t   ds;
    for (int c = 0; c < 2; c++) {
      for (PetscInt e = 0; e < t->nens; e++)
        for (PetscInt r = 0; r < t->nrates; r++) col[e * t->nrates + r] = (c ? t->ens[e].eta_nemd_err[r] : t->ens[e].eta_nemd[r]) * factor_nemd; /* -<P_xy>/rate: pressure x time */
      st |= InmH5Write(g, c ? "eta_shear_md_err" : "eta_shear_md", H5T_NATIVE_DOUBLE, 2, dr, col) < 0;
      ds = H5Dopen2(g, c ? "eta_shear_md_err" : "eta_shear_md", H5P_DEFAULT);
      st |= ds < 0 || InmH5AttrString(ds, "units", vname) < 0;
      if (ds >= 0) H5Dclose(ds);
    }
    st |= InmH5Write(g, "shear_rates", H5T_NATIVE_DOUBLE, 1, &nr, t->rates) < 0;
    ds = H5Dopen2(g, "shear_rates", H5P_DEFAULT);
    {
      char urate[32];
      PetscCall(PetscSNPrintf(urate, sizeof(urate), "%s-1", u->time));
      st |= ds < 0 || InmH5AttrString(ds, "units", urate) < 0;
    }
    if (ds >= 0) H5Dclose(ds);
  }
  for (int c = 0; c < 2; c++) { /* D per set: all atoms, then species 1, 2, ... */
    hid_t ds;
    for (PetscInt e = 0; e < t->nens; e++)
      for (PetscInt s = 0; s < t->nsets; s++) col[e * t->nsets + s] = c ? t->ens[e].D_err[s] : t->ens[e].D[s];
    st |= InmH5Write(g, c ? "D_err" : "D", H5T_NATIVE_DOUBLE, 2, d2, col) < 0;
    ds = H5Dopen2(g, c ? "D_err" : "D", H5P_DEFAULT);
    st |= ds < 0 || InmH5AttrString(ds, "units", uD) < 0 || InmH5AttrString(ds, "columns", "all atoms, then species 1, 2, ...") < 0;
    if (ds >= 0) H5Dclose(ds);
  }
  {
    int *iv;
    PetscCall(PetscMalloc1(t->nens, &iv));
    for (PetscInt e = 0; e < t->nens; e++) iv[e] = (int)t->ens[e].N;
    st |= InmH5Write(g, "N", H5T_NATIVE_INT, 1, &ne, iv) < 0;
    for (PetscInt e = 0; e < t->nens; e++) iv[e] = (int)t->ens[e].nsamples;
    st |= InmH5Write(g, "nsamples", H5T_NATIVE_INT, 1, &ne, iv) < 0;
    for (PetscInt e = 0; e < t->nens; e++) iv[e] = (int)t->ens[e].flagged;
    st |= InmH5Write(g, "D_window_fallback", H5T_NATIVE_INT, 1, &ne, iv) < 0;
    PetscCall(PetscFree(iv));
  }
  H5Gclose(g);
  for (PetscInt e = 0; e < t->nens; e++) { /* the curves behind the numbers */
    char                name[64];
    const Ens          *E  = &t->ens[e];
    const InmGreenKubo *gk = E->gk;
    hsize_t             n1 = (hsize_t)gk->nlag, dm[2] = {(hsize_t)t->nsets, (hsize_t)t->nlag_msd}, nk = (hsize_t)t->ncorr;
    PetscCall(PetscSNPrintf(name, sizeof(name), "ensemble_%03" PetscInt_FMT, e));
    g = H5Gcreate2(tg, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    st |= InmH5Write(g, "gk_running_mean", H5T_NATIVE_DOUBLE, 1, &n1, gk->mean) < 0;
    st |= InmH5Write(g, "gk_running_std", H5T_NATIVE_DOUBLE, 1, &n1, gk->std) < 0;
    st |= InmH5AttrNumber(g, "gk_dt", H5T_NATIVE_DOUBLE, &gk->dt) < 0;
    st |= InmH5AttrNumber(g, "msd_dt", H5T_NATIVE_DOUBLE, &t->traj[0].dt_frame) < 0;
    st |= InmH5AttrString(g, "time_units", ut) < 0;
    st |= InmH5AttrString(g, "msd_units", umsd) < 0;
    st |= InmH5Write(g, "msd", H5T_NATIVE_DOUBLE, 2, dm, E->msd) < 0;
    if (t->ncorr >= 2 && E->nkernel) {
      st |= InmH5Write(g, "kernel", H5T_NATIVE_DOUBLE, 1, &nk, E->kernel) < 0;
      st |= InmH5AttrNumber(g, "kernel_dt", H5T_NATIVE_DOUBLE, &t->dt_series) < 0;
      {
        char ukern[48];
        PetscCall(PetscSNPrintf(ukern, sizeof(ukern), "%s %s-2", u->mass, u->time));
        st |= InmH5AttrString(g, "kernel_units", ukern) < 0;
      }
    }
    H5Gclose(g);
  }
  PetscCall(PetscFree(col));
  H5Gclose(tg);
  st |= H5Fclose(f) < 0;
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: writing failed (disk full or file system error)", partial);
  PetscFunctionReturn(0);
}

PetscErrorCode InmTransportView(InmTransport t)
{
  const PetscReal factor = InmUnitsGreenKuboToReported(t->u), factor_nemd = InmUnitsViscosityToReported(t->u);
  const char     *vname  = t->u->visc_reported;

  PetscFunctionBegin;
  if (t->rank) PetscFunctionReturn(0);
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "%8s %6s %3s %8s %11s %9s %12s %10s %12s %11s %12s %11s %10s %9s %10s %10s %10s\n", "T", "N", "S", "<T>", "D", "+-", "eta", "+-", "vt0 kT/D", "+-", "vt0 kernel", "+-", "B", "+-", "omega_min", "G_inf", "omega_G"));
  for (PetscInt e = 0; e < t->nens; e++) {
    const Ens *E = &t->ens[e];
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "%8.4g %6" PetscInt_FMT " %3" PetscInt_FMT " %8.4g %11.4e %9.2e %12.5g %10.2g %12.5g %11.3g %12.5g %11.3g %10.5g %9.2g %10.4g %10.5g %10.4g%s\n", (double)E->T, E->N, E->nsamples, (double)E->T_mean, (double)E->D[0], (double)E->D_err[0], (double)(E->gk->eta * factor), (double)(E->gk->eta_err * factor), (double)E->vt_D, (double)E->vt_D_err, (double)E->vt_K, (double)E->vt_K_err, (double)E->bulk.B, (double)E->bulk.B_err, (double)E->bulk.omega_min, (double)E->G, (double)E->omega_min_G, E->flagged ? "  (D: fallback window)" : ""));
  }
  for (PetscInt e = 0; e < t->nens; e++)
    for (PetscInt r = 0; r < t->nrates; r++) PetscCall(PetscPrintf(PETSC_COMM_SELF, "  shear MD T %.6g N %" PetscInt_FMT ": rate %.6g  eta %.5g +- %.2g\n", (double)t->ens[e].T, t->ens[e].N, (double)t->rates[r], (double)(t->ens[e].eta_nemd[r] * factor_nemd), (double)(t->ens[e].eta_nemd_err[r] * factor_nemd)));
  for (PetscInt e = 0; e < t->nens && t->bulk && t->bopt.fluctuations; e++) {
    const InmBulk *b = &t->ens[e].bulk;
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "  bulk modulus T %.6g N %" PetscInt_FMT ": NPT volume fluctuations %.5g +- %.2g (<V> %.6g), NVT density slope %.5g +- %.2g\n", (double)t->ens[e].T, t->ens[e].N, (double)b->B_npt, (double)b->B_npt_err, (double)b->V_npt, (double)b->B, (double)b->B_err));
  }
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "(%s units; eta in %s; vtilde(0) in mass/time; B in %s, omega_min in rad/time%s; written to %s)\n", t->units, vname, t->u->pressure, t->bulk ? "" : ", not computed: -bulk_modulus", t->output));
  PetscFunctionReturn(0);
}

