/* inmvisc/sys.h — version, error reporting and logging shared by every stage.
 *
 * Errors: every function returns PetscErrorCode and is called through PetscCall.
 * User-facing problems (bad file, bad option) are raised with
 *   SETERRQ(comm, PETSC_ERR_USER_INPUT or PETSC_ERR_FILE_*, "FILE:PLACE: problem")
 * and the handler installed by InmInitialize prints that message as one line,
 * once, on the rank that detected it. Collective readers detect on rank 0 and
 * return InmSilentError() on the others (see InmCheckCollective).
 */
#pragma once
#include <petscsys.h>

#define INMVISC_VERSION "0.1.0"

/* PETSc log events for every pipeline stage (SPEC §12). Registered once in InmInitialize. */
typedef struct {
  PetscLogEvent read, neighbor, forces, hessian, affine, eigen, modes, write;
} InmLogEvents;
PETSC_EXTERN InmLogEvents INM_EVENTS;

/* Also sets the BLAS threads of each rank to the cores it may run on (a share of the node's
 * when unbound), unless OPENBLAS_NUM_THREADS or OMP_NUM_THREADS is set. */
PETSC_EXTERN PetscErrorCode InmInitialize(int *argc, char ***argv, const char help[]);
/* BLAS threads per rank chosen by InmInitialize (0: the user's environment decides). */
PETSC_EXTERN PetscInt INM_BLAS_THREADS;
PETSC_EXTERN PetscErrorCode InmFinalize(void);

/* Error code returned (without printing) by ranks that learn of an error found on another rank. */
#define INM_ERR_ELSEWHERE PETSC_ERR_USER_INPUT
/* After rank `root` of comm ran a step that returned `ierr` (0 elsewhere), make all ranks agree:
 * ranks other than root return INM_ERR_ELSEWHERE silently when root failed. */
PETSC_EXTERN PetscErrorCode InmCheckCollective(MPI_Comm comm, PetscMPIInt root, PetscErrorCode ierr);

/* Paths: an output file is written to "<path>.partial" and renamed when complete,
 * so a failure never leaves a corrupt file at the final name. */
PETSC_EXTERN PetscErrorCode InmPartialPath(const char path[], char partial[], size_t len);
PETSC_EXTERN PetscErrorCode InmCommitFile(MPI_Comm comm, const char path[]);
PETSC_EXTERN PetscErrorCode InmDiscardFile(MPI_Comm comm, const char path[]);

/* Wall-clock progress line "[stage] i/n  elapsed  ETA" on rank 0 of comm. */
PETSC_EXTERN PetscErrorCode InmProgress(MPI_Comm comm, const char stage[], PetscInt i, PetscInt n, PetscLogDouble t0);

/* Fail early, collectively, if the directory of an output path does not exist or is not writable. */
PETSC_EXTERN PetscErrorCode InmCheckWritable(MPI_Comm comm, const char path[]);

/* Refuse, collectively and before any work, an output that is one of the n inputs (the same
 * file by device and inode, whatever the names): writing it would destroy the input. Only rank 0
 * needs the inputs (others may pass n = 0). */
PETSC_EXTERN PetscErrorCode InmCheckNotInput(MPI_Comm comm, const char output[], PetscInt n, const char *const inputs[]);
/* An input path names a readable regular file (or a FIFO or device): else the error says
 * which of "no such file", "a directory" or "not readable" it is, with the path. Not
 * collective; call it where the file is opened. */
PETSC_EXTERN PetscErrorCode InmCheckInputFile(const char path[]);

/* Work every rank of comm does identically on replicated data (parsing a potential file,
 * checking a configuration): between Begin and End only rank 0 prints an error, and End
 * makes all ranks agree on failure. Usage:
 *   PetscCall(InmReplicatedBegin(comm)); ierr = Work(...); PetscCall(InmReplicatedEnd(comm, ierr)); */
PETSC_EXTERN PetscErrorCode InmReplicatedBegin(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmReplicatedEnd(MPI_Comm comm, PetscErrorCode ierr);

/* Rank groups (SPEC §11): world split into `ngroups` contiguous blocks of ranks; *color is this
 * rank's group. Errors (collectively) unless 1 <= ngroups <= ranks. */
PETSC_EXTERN PetscErrorCode InmRankGroupsSplit(MPI_Comm world, PetscInt ngroups, MPI_Comm *group, PetscMPIInt *color);
/* A campaign's identity: a 64-bit FNV-1a-type hash of its canonical text (offset basis
 * 1469598103934665603, not FNV's published one: src/sys/campaign_common.c), as 16 hex digits. */
PETSC_EXTERN void InmIdentityHash(const char text[], char id[17]);
/* Append "name value" lines for those of the n options that are set, to text[len] at *used. */
PETSC_EXTERN PetscErrorCode InmIdentityAppendOptions(PetscInt n, const char *const names[], char *text, size_t len, size_t *used);

/* Mean of x[0], x[stride], ... (n values) and the standard error of that mean from nb block
 * means (0 when a block would be empty or nb < 2). */
PETSC_EXTERN void InmBlockAverage(PetscInt n, const PetscReal x[], PetscInt stride, PetscInt nb, PetscReal *mean, PetscReal *err);

/* Memory available to this node's processes in GiB: MemAvailable of /proc/meminfo (the
 * solvers' guards take -inm_max_memory_gb instead when given: InmEigenOptionsMemoryGiB). */
PETSC_EXTERN PetscErrorCode InmAvailableMemoryGiB(PetscReal *gib);
/* *index of value among the n choices, or on comm the error "OPTION 'value' is not known
 * (choice, choice, ...)": one line, where PETSc's own lists (PetscOptionsEList) fail per rank. */
PETSC_EXTERN PetscErrorCode InmChoiceIndex(MPI_Comm comm, const char option[], const char value[], PetscInt n, const char *const choices[], PetscInt *index);
/* Unused (misspelt) options are an error naming them all in one line, unless -options_left 0:
 * every command calls it at its end, and a command that writes its output in one step
 * (viscosity) before its work. */
PETSC_EXTERN PetscErrorCode InmOptionsCheckUnused(MPI_Comm comm);
