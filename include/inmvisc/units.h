/* inmvisc/units.h — the LAMMPS units styles the project computes in (SPEC §2), in one table.
 *
 * Every quantity is stored in the units of its model's LAMMPS style; this table says what
 * those are and how they combine. With LAMMPS's own constants (update.cpp, force.h):
 *   kB      energy per temperature                      (metal: eV/K)
 *   mvv2e   mass velocity^2 -> energy                   (metal: amu A^2 ps^-2 in eV)
 *   nktv2p  energy / volume -> pressure                 (metal: eV/A^3 in bar)
 *   hplanck Planck's constant h, energy x time          (metal: eV ps; lj: 1, LAMMPS's choice,
 *           which fixes the zero of absolute entropies in reduced units; differences such as
 *           S_conf = S_total - S_vib do not depend on it)
 * The viscosity unit of a style is pressure x time (metal: bar ps). Two formulas of the
 * project land in other combinations, converted to it by:
 *   Green-Kubo (Eq. 7)  V/(kB T) int <s s> dt   is in pressure^2 volume time / energy
 *                       = nktv2p x (pressure time)               -> factor 1/nktv2p
 *   Eq. (1)/SPEC §9     (1/V) (vtilde(0)/m) Gamma / lambda^2    is in force^2 time^3 / (mass length^3)
 *                       = (nktv2p / mvv2e) x (pressure time)     -> factor nktv2p/mvv2e
 * (force time^2 / mass = length / mvv2e, energy / volume = pressure / nktv2p). Reported
 * viscosities: metal in mPa s, by exact dimensional analysis from the SI values of the style's
 * base units (A, ps, amu, eV, bar; CODATA 2018), so a reported number does not depend on how
 * many digits LAMMPS keeps in nktv2p and mvv2e (they agree with CODATA to 1e-7); lj in the
 * reduced unit sqrt(m epsilon)/sigma^2 (factor 1).
 * Unit names follow H5MD/UDUNITS ("A ps-1"). A configuration whose style is not known ("") is
 * taken in reduced units (all constants 1) and its quantities are named by kind ("length",
 * "time"), not by a unit we cannot vouch for. */
#pragma once
#include <petscsys.h>

typedef struct {
  const char *style;                      /* "lj", "metal", "" (unknown: reduced) */
  PetscReal   kB, mvv2e, nktv2p, hplanck; /* LAMMPS's constants of the style */
  PetscReal   si_length, si_time, si_mass, si_energy, si_pressure; /* m, s, kg, J, Pa; 0: reduced */
  PetscBool   has_thz;                    /* omega also stored as omega/2pi in THz (metal) */
  /* MD scales of the style (LAMMPS's own default time step for lj and metal): time step,
   * thermostat damping (100 steps), neighbour skin, and md_time, a time over which a simple
   * liquid's force and stress correlations have decayed (2 tau, 1 ps), which scales the
   * default run lengths of the state-point MD and the memory kernel's range */
  PetscReal   md_dt, md_tdamp, skin, md_time;
  const char *length, *time, *mass, *energy, *temperature, *pressure, *force, *velocity;
  const char *number_density, *mass_density, *diffusion, *vtilde;   /* length-3, mass length-3, length2 time-1, mass time-1 */
  const char *lambda, *omega, *gamma;     /* eigenvalue of D (time-2), rad time-1, force2 mass-1 */
  const char *viscosity, *visc_gk, *visc_reported; /* pressure time, Green-Kubo native, reported */
} InmUnits;

/* The table entry of a LAMMPS units style; an unsupported style is one error line naming it
 * and the supported ones. */
PETSC_EXTERN PetscErrorCode InmUnitsGet(const char style[], const InmUnits **units);

/* Factors to the reported viscosity unit (1 in reduced units) from
 *   pressure x time                                      (the style's viscosity unit),
 *   pressure^2 volume time / energy                      (Green-Kubo, Eq. 7),
 *   energy^2 time^3 / (mass length^5) = force^2 time^3 / (mass length^3)   (Eq. 1, SPEC §9).
 * metal: 1e-4, 6.2415e-11 and 1.5459e6 mPa s. */
PETSC_EXTERN PetscReal InmUnitsViscosityToReported(const InmUnits *u);
PETSC_EXTERN PetscReal InmUnitsGreenKuboToReported(const InmUnits *u);
PETSC_EXTERN PetscReal InmUnitsModalToReported(const InmUnits *u);
