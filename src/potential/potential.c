/* The potential interface: creation from options, dispatch, and the convenience
 * energy/forces/virial call used by readers' checks and tests. */
#include <inmvisc/potential.h>

const char *const InmChannelNames[] = {"xy", "xz", "yz", "bulk"};

const char *const InmPotentialOptionNames[] = {"-model", "-ka_cutoff", "-ka_inner", "-lj_epsilon", "-lj_sigma", "-lj_cutoff", "-lj_mass", "-eam_file", "-eam_style", "-eam_elements"};
const PetscInt    InmPotentialNumOptions    = (PetscInt)(sizeof(InmPotentialOptionNames) / sizeof(InmPotentialOptionNames[0]));

PetscErrorCode InmPotentialCreateFromOptions(const char prefix[], InmPotential *pot)
{
  char      model[64] = "ka", cutoff[32] = "shift", file[PETSC_MAX_PATH_LEN] = "CuZr_mm.eam.fs", style[32] = "", *elements[INM_MAX_TYPES];
  PetscInt  nel = INM_MAX_TYPES;
  PetscReal inner = 2.0, eps = 1.0, sigma = 1.0, rc = 2.5, mass = 1.0;
  PetscBool ka, lj, eam, cuzr, smooth, shift, set;

  PetscFunctionBegin;
  PetscOptionsBegin(PETSC_COMM_WORLD, prefix, "Interatomic potential", "InmPotential");
  PetscCall(PetscOptionsString("-model", "Model: ka (Kob-Andersen), lj (one-type LJ), eam (setfl file), cuzr (= eam with CuZr_mm.eam.fs)", "InmPotentialCreateFromOptions", model, model, sizeof(model), NULL));
  PetscCall(PetscOptionsString("-ka_cutoff", "KA cutoff: shift (lj/cut + pair_modify shift yes) or smooth (lj/gromacs)", "InmPotentialCreateKA", cutoff, cutoff, sizeof(cutoff), NULL));
  PetscCall(PetscOptionsReal("-ka_inner", "Inner switching radius of the smooth cutoff, in sigma_ab", "InmPotentialCreateKA", inner, &inner, NULL));
  PetscCall(PetscOptionsReal("-lj_epsilon", "LJ epsilon", "InmPotentialCreateLJ", eps, &eps, NULL));
  PetscCall(PetscOptionsReal("-lj_sigma", "LJ sigma", "InmPotentialCreateLJ", sigma, &sigma, NULL));
  PetscCall(PetscOptionsReal("-lj_cutoff", "LJ cutoff", "InmPotentialCreateLJ", rc, &rc, NULL));
  PetscCall(PetscOptionsReal("-lj_mass", "LJ mass", "InmPotentialCreateLJ", mass, &mass, NULL));
  PetscCall(PetscOptionsString("-eam_file", "EAM setfl file (a bare name is looked up in lammps-data's potentials)", "InmPotentialCreateEAM", file, file, sizeof(file), NULL));
  PetscCall(PetscOptionsString("-eam_style", "eam/fs or eam/alloy (default: from the file name)", "InmPotentialCreateEAM", style, style, sizeof(style), NULL));
  PetscCall(PetscOptionsStringArray("-eam_elements", "Elements for types 1..n, e.g. Cu,Zr", "InmPotentialCreateEAM", elements, &nel, &set));
  PetscOptionsEnd();
  if (!set) {
    nel = 2;
    PetscCall(PetscStrallocpy("Cu", &elements[0]));
    PetscCall(PetscStrallocpy("Zr", &elements[1]));
  }
  PetscCall(PetscStrcmp(model, "ka", &ka));
  PetscCall(PetscStrcmp(model, "lj", &lj));
  PetscCall(PetscStrcmp(model, "eam", &eam));
  PetscCall(PetscStrcmp(model, "cuzr", &cuzr));
  PetscCall(PetscStrcmp(cutoff, "smooth", &smooth));
  PetscCall(PetscStrcmp(cutoff, "shift", &shift));
  if (ka) {
    PetscCheck(smooth || shift, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "-ka_cutoff '%s' is not known (shift, smooth)", cutoff);
    PetscCall(InmPotentialCreateKA(smooth, inner, pot));
  } else if (lj) {
    PetscCall(InmPotentialCreateLJ(eps, sigma, rc, mass, pot));
  } else if (eam || cuzr) {
    if (!style[0]) {
      PetscBool fs;
      size_t    len;
      PetscCall(PetscStrlen(file, &len));
      PetscCall(PetscStrcmp(len > 3 ? file + len - 3 : file, ".fs", &fs));
      PetscCall(PetscStrncpy(style, fs ? "eam/fs" : "eam/alloy", sizeof(style)));
    }
    PetscCall(InmPotentialCreateEAM(file, style, nel, (const char *const *)elements, pot));
  } else SETERRQ(PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "-model '%s' is not known (ka, lj, eam, cuzr)", model);
  for (PetscInt e = 0; e < nel; e++) PetscCall(PetscFree(elements[e]));
  PetscFunctionReturn(0);
}

PetscErrorCode InmPotentialDestroy(InmPotential *pot)
{
  PetscFunctionBegin;
  if (!*pot) PetscFunctionReturn(0);
  if ((*pot)->ops.destroy) PetscCall((*pot)->ops.destroy(*pot));
  PetscCall(PetscFree(*pot));
  PetscFunctionReturn(0);
}

PetscErrorCode InmPotentialView(InmPotential pot, PetscViewer viewer)
{
  PetscFunctionBegin;
  if (!viewer) viewer = PETSC_VIEWER_STDOUT_WORLD;
  if (pot->ops.view) PetscCall(pot->ops.view(pot, viewer));
  else PetscCall(PetscViewerASCIIPrintf(viewer, "potential %s, cutoff %g\n", pot->name, (double)pot->cutoff));
  PetscFunctionReturn(0);
}

PetscErrorCode InmPotentialCompute(InmPotential pot, InmConfig *cfg, PetscReal *energy, PetscReal *f, PetscReal virial[6])
{
  InmNeighborList *nl;

  PetscFunctionBegin;
  PetscCall(pot->ops.check_config(pot, cfg));
  PetscCall(InmNeighborListBuild(cfg, pot->cutoff, pot->rmin, &nl));
  PetscCall(PetscLogEventBegin(INM_EVENTS.forces, 0, 0, 0, 0));
  PetscCall(pot->ops.compute(pot, cfg, nl, energy, f, virial));
  PetscCall(PetscLogEventEnd(INM_EVENTS.forces, 0, 0, 0, 0));
  PetscCall(InmNeighborListDestroy(&nl));
  PetscFunctionReturn(0);
}
