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
                           "  modes    instantaneous normal modes of one snapshot (-input, -model, -output)\n";

typedef struct {
  const char *name;
  PetscErrorCode (*run)(MPI_Comm);
} Command;

static const Command commands[] = {
  {"info",   InmCmdInfo  },
  {"sample", InmCmdSample},
  {"prepare", InmCmdPrepare},
  {"transport", InmCmdTransport},
  {"modes",  InmCmdModes },
};

/* Unused options are typos: name them all in one line and fail. */
static PetscErrorCode CheckOptionsUsed(void)
{
  PetscInt  n, nleft;
  char    **names, **values, list[1024] = "";
  PetscBool left = PETSC_TRUE;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-options_left", &left, NULL));
  if (!left) PetscFunctionReturn(0);
  PetscCall(PetscOptionsLeftGet(NULL, &n, &names, &values));
  for (PetscInt k = 0; k < n; k++) {
    PetscCall(PetscStrlcat(list, k ? ", -" : "-", sizeof(list)));
    PetscCall(PetscStrlcat(list, names[k], sizeof(list)));
  }
  nleft = n; /* Restore zeroes n */
  PetscCall(PetscOptionsLeftRestore(NULL, &n, &names, &values));
  PetscCheck(nleft == 0, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "unknown or unused option%s %s (see -help; -options_left 0 to allow)", nleft > 1 ? "s" : "", list);
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(int argc, char **argv)
{
  const char *name = argc > 1 ? argv[1] : NULL;
  PetscBool   helped, match = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasHelp(NULL, &helped));
  if (!name || name[0] == '-') {
    PetscCheck(helped, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "no command given: inmvisc <info|sample|prepare|transport|modes> [options] (-help for options)");
    PetscFunctionReturn(0);
  }
  for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
    PetscCall(PetscStrcmp(name, commands[c].name, &match));
    if (match) {
      PetscCall(commands[c].run(PETSC_COMM_WORLD));
      break;
    }
  }
  PetscCheck(match, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "unknown command '%s' (info, sample, prepare, transport, modes)", name);
  if (!helped) PetscCall(CheckOptionsUsed());
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
