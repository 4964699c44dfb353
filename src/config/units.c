/* The units table (see inmvisc/units.h). LAMMPS's constants are those of update.cpp
 * (lj: all 1; metal: boltz 8.617343e-5 eV/K, mvv2e 1.0364269e-4, nktv2p 1.6021765e6,
 * hplanck 4.135667403e-3 eV ps); the SI
 * values of metal's base units are exact except the atomic mass unit (CODATA 2018). */
#include <inmvisc/units.h>

static const InmUnits Styles[] = {
  {.style = "lj", .kB = 1, .mvv2e = 1, .nktv2p = 1, .hplanck = 1, .has_thz = PETSC_FALSE, .md_dt = 0.005, .md_tdamp = 0.5, .skin = 0.3, .md_time = 2.0,
   .length = "sigma", .time = "tau", .mass = "m", .energy = "epsilon", .temperature = "epsilon kB-1",
   .pressure = "epsilon sigma-3", .force = "epsilon sigma-1", .velocity = "sigma tau-1",
   .number_density = "sigma-3", .mass_density = "m sigma-3", .diffusion = "sigma2 tau-1", .vtilde = "m tau-1",
   .lambda = "tau-2", .omega = "rad tau-1", .gamma = "epsilon2 sigma-2 m-1",
   .viscosity = "sqrt(m epsilon) sigma-2", .visc_gk = "sqrt(m epsilon) sigma-2", .visc_reported = "sqrt(m epsilon) sigma-2"},
  {.style = "metal", .kB = 8.617343e-5, .mvv2e = 1.0364269e-4, .nktv2p = 1.6021765e6, .hplanck = 4.135667403e-3, .has_thz = PETSC_TRUE, .md_dt = 0.001, .md_tdamp = 0.1, .skin = 1.0, .md_time = 1.0,
   .si_length = 1e-10, .si_time = 1e-12, .si_mass = 1.66053906660e-27, .si_energy = 1.602176634e-19, .si_pressure = 1e5,
   .length = "A", .time = "ps", .mass = "amu", .energy = "eV", .temperature = "K",
   .pressure = "bar", .force = "eV A-1", .velocity = "A ps-1",
   .number_density = "A-3", .mass_density = "amu A-3", .diffusion = "A2 ps-1", .vtilde = "amu ps-1",
   .lambda = "ps-2", .omega = "rad ps-1", .gamma = "eV2 A-2 amu-1",
   .viscosity = "bar ps", .visc_gk = "bar2 A3 ps eV-1", .visc_reported = "mPa s"},
  {.style = "", .kB = 1, .mvv2e = 1, .nktv2p = 1, .hplanck = 1, .has_thz = PETSC_FALSE, .md_dt = 0.005, .md_tdamp = 0.5, .skin = 0.3, .md_time = 2.0,
   .length = "length", .time = "time", .mass = "mass", .energy = "energy", .temperature = "temperature",
   .pressure = "pressure", .force = "force", .velocity = "length time-1",
   .number_density = "length-3", .mass_density = "mass length-3", .diffusion = "length2 time-1", .vtilde = "mass time-1",
   .lambda = "time-2", .omega = "rad time-1", .gamma = "force2 mass-1",
   .viscosity = "pressure time", .visc_gk = "pressure time", .visc_reported = "pressure time"},
};

PetscErrorCode InmUnitsGet(const char style[], const InmUnits **units)
{
  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof(Styles) / sizeof(Styles[0]); k++) {
    PetscBool same;
    PetscCall(PetscStrcmp(style ? style : "", Styles[k].style, &same));
    if (same) {
      *units = &Styles[k];
      PetscFunctionReturn(0);
    }
  }
  SETERRQ(PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "units style '%s' is not supported (lj, metal)", style);
}

/* 1e3: Pa s -> mPa s */
PetscReal InmUnitsViscosityToReported(const InmUnits *u) { return u->si_pressure > 0 ? u->si_pressure * u->si_time * 1e3 : 1.0; }

PetscReal InmUnitsGreenKuboToReported(const InmUnits *u)
{
  return u->si_pressure > 0 ? u->si_pressure * u->si_pressure * u->si_length * u->si_length * u->si_length * u->si_time / u->si_energy * 1e3 : 1.0;
}

PetscReal InmUnitsModalToReported(const InmUnits *u)
{
  const PetscReal L = u->si_length;
  return u->si_pressure > 0 ? u->si_energy * u->si_energy * u->si_time * u->si_time * u->si_time / (u->si_mass * L * L * L * L * L) * 1e3 : 1.0;
}
