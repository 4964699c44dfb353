/* inmvisc — one MPI executable with sub-commands (SPEC §1). Every option is a PETSc
 * option: command line, -options_file FILE or PETSC_OPTIONS; -help lists them and
 * unused options are an error (the equivalent of -options_left, on by default). */
#include "commands.h"

static const char help[] = "inmvisc: shear viscosity of liquids from instantaneous normal modes.\n"
                           "Usage: inmvisc <command> [options]\n"
                           "  info     versions of every library and the solvers compiled in\n"
                           "  sample   make a short LAMMPS liquid snapshot (-model, -natoms, -temperature, -output)\n"
                           "  prepare  MD sampling campaigns through LAMMPS (-model, -temperatures, -sizes, -samples, -groups, -output DIR)\n"
                           "  transport  D, Green-Kubo viscosity, memory kernel of a prepare campaign (-input DIR, -output)\n"
                           "  entropy  configurational entropy S_conf = S_total - S_vib of a prepare campaign (-input DIR, -model, -output)\n"
                           "  modes    instantaneous normal modes of one snapshot (-input, -model, -output)\n"
                           "  viscosity  eta from the modes per class (Eq. 1) beside Green-Kubo (-modes, -transport, -output)\n"
                           "  report   figures and a summary of a campaign directory (-input DIR)\n"
                           "  run      the whole campaign: prepare, modes, transport, viscosity, report (-output DIR; no options: the default campaign)\n";

typedef struct {
  const char *name;
  PetscErrorCode (*run)(MPI_Comm);
} Command;

static const Command commands[] = {
  {"info",   InmCmdInfo  },
  {"sample", InmCmdSample},
  {"prepare", InmCmdPrepare},
  {"transport", InmCmdTransport},
  {"entropy", InmCmdEntropy},
  {"modes",  InmCmdModes },
  {"viscosity", InmCmdViscosity},
  {"report", InmCmdReport},
  {"run", InmCmdRun},
};

static PetscErrorCode Run(int argc, char **argv)
{
  const char *name = argc > 1 ? argv[1] : NULL;
  PetscBool   helped, match = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasHelp(NULL, &helped));
  if (!name || name[0] == '-') {
    PetscCheck(helped, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "no command given: inmvisc <info|sample|prepare|transport|entropy|modes|viscosity|report|run> [options] (-help for options)");
    PetscFunctionReturn(0);
  }
  for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
    PetscCall(PetscStrcmp(name, commands[c].name, &match));
    if (match) {
      PetscCall(commands[c].run(PETSC_COMM_WORLD));
      break;
    }
  }
  PetscCheck(match, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "unknown command '%s' (info, sample, prepare, transport, entropy, modes, viscosity, report, run)", name);
  if (!helped) PetscCall(InmOptionsCheckUnused(PETSC_COMM_WORLD));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;

  /* PETSc treats the first non-option word as a program argument; options follow it. */
  if (InmInitialize(&argc, &argv, help)) return 1;
  ierr = Run(argc, argv);
  if (InmFinalize()) return 1;
  return ierr ? 1 : 0;
}
