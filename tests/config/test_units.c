/* The units table (include/inmvisc/units.h) against conversions written out by hand here with
 * CODATA 2018 constants, an independent route:
 *   - metal: LAMMPS's kB, mvv2e, nktv2p and hplanck against e, k_B, h and the atomic mass unit. LAMMPS's
 *     constants predate CODATA 2018 (boltz 8.617343e-5 against 8.617333262e-5 eV/K), so they
 *     agree to 1.2e-6, not to round-off; 2e-6 is the bound.
 *   - the reported viscosity factors (mPa s): pressure x time, the Green-Kubo unit and Eq. (1)'s
 *     unit, each converted by hand to SI to 1e-12, and Eq. (1)'s also through LAMMPS's own
 *     constants (nktv2p / mvv2e bar ps) to 2e-6 (the same constants' age);
 *   - lj: every factor 1; an unknown style: one error naming it. */
#include "testlib.h"

int main(int argc, char **argv)
{
  const InmUnits *u;
  const double    e = 1.602176634e-19, kB = 1.380649e-23, amu = 1.66053906660e-27; /* CODATA 2018 */

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(InmUnitsGet("metal", &u));
  INM_TEST(PetscAbsReal(u->kB / (kB / e) - 1) < 2e-6, "metal kB %.9e eV/K against k_B/e %.9e", (double)u->kB, kB / e);
  /* 1 amu A^2/ps^2 = amu 1e-20 / 1e-24 J */
  INM_TEST(PetscAbsReal(u->mvv2e / (amu * 1e4 / e) - 1) < 2e-6, "metal mvv2e %.9e against amu (A/ps)^2 / eV = %.9e", (double)u->mvv2e, amu * 1e4 / e);
  /* 1 eV/A^3 = e / 1e-30 Pa = e 1e25 bar */
  INM_TEST(PetscAbsReal(u->nktv2p / (e * 1e25) - 1) < 2e-6, "metal nktv2p %.9e against eV/A^3 in bar %.9e", (double)u->nktv2p, e * 1e25);
  INM_TEST(PetscAbsReal(u->hplanck / (6.62607015e-34 / e * 1e12) - 1) < 2e-6, "metal hplanck %.9e against h in eV ps %.9e", (double)u->hplanck, 6.62607015e-34 / e * 1e12);
  {
    const double visc = 1e5 * 1e-12 * 1e3;                                   /* bar ps -> mPa s */
    const double gk   = 1e5 * 1e5 * 1e-30 * 1e-12 / e * 1e3;                 /* bar^2 A^3 ps / eV */
    const double modal = e * e * 1e-36 / (amu * 1e-50) * 1e3;                /* eV^2 ps^3 / (amu A^5) */
    INM_TEST(PetscAbsReal(InmUnitsViscosityToReported(u) / visc - 1) < 1e-12, "1 bar ps = %.12e mPa s (by hand %.12e)", (double)InmUnitsViscosityToReported(u), visc);
    INM_TEST(PetscAbsReal(InmUnitsGreenKuboToReported(u) / gk - 1) < 1e-12, "1 bar^2 A^3 ps/eV = %.12e mPa s (by hand %.12e)", (double)InmUnitsGreenKuboToReported(u), gk);
    INM_TEST(PetscAbsReal(InmUnitsModalToReported(u) / modal - 1) < 1e-12, "1 eV^2 ps^3/(amu A^5) = %.12e mPa s (by hand %.12e)", (double)InmUnitsModalToReported(u), modal);
    INM_TEST(PetscAbsReal(InmUnitsModalToReported(u) / (u->nktv2p / u->mvv2e * visc) - 1) < 2e-6, "Eq. (1)'s unit through LAMMPS's constants: nktv2p/mvv2e bar ps = %.9e mPa s", (double)(u->nktv2p / u->mvv2e * visc));
  }
  INM_TEST(!strcmp(u->visc_reported, "mPa s") && !strcmp(u->lambda, "ps-2") && u->has_thz, "metal names: viscosity '%s', lambda '%s'", u->visc_reported, u->lambda);
  PetscCall(InmUnitsGet("lj", &u));
  INM_TEST(u->kB == 1 && u->mvv2e == 1 && u->nktv2p == 1 && InmUnitsViscosityToReported(u) == 1 && InmUnitsGreenKuboToReported(u) == 1 && InmUnitsModalToReported(u) == 1 && !u->has_thz, "lj: every constant and factor is 1");
  {
    const char *msg;
    PetscErrorCode ierr;
    PetscCall(InmTestErrorBegin());
    ierr = InmUnitsGet("real", &u);
    msg  = InmTestErrorEnd();
    INM_TEST(ierr && strstr(msg, "'real'") && strstr(msg, "lj, metal"), "unknown style: \"%s\"", msg);
  }
  return InmTestEnd();
}
