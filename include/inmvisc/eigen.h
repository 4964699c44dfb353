/* inmvisc/eigen.h — the eigen-solvers of the dynamical matrix and the modes they return
 * (SPEC §5, §6).
 *
 *   D v_p = lambda_p v_p,  |v_p| = 1,  omega_p = sign(lambda_p) sqrt|lambda_p|
 *   P_p = [N sum_i (e_i . e_i)^2]^-1                      (participation ratio, Eq. 6)
 *   Gamma_p^c = (v_p . Xi~^c)^2,  Xi~ = Xi / sqrt(m)        (affine projection, App. D)
 */
#pragma once
#include <inmvisc/hessian.h>

/* Chebyshev moments of a spectral measure of D (the kernel polynomial method, kpm.c below). */
typedef struct {
  PetscInt   nmom, nvec, n;     /* moments per vector, vectors, matrix order */
  PetscReal  center, halfwidth; /* lambda = center + halfwidth x, x in [-1, 1] */
  PetscReal *mu;                /* mu[v nmom + k] = x_v^T T_k(D~) x_v */
} InmChebyshevMoments;

typedef struct {
  PetscInt   natoms;
  PetscInt   nmodes;                 /* 3N for a full spectrum, fewer with -inm_nev */
  PetscReal *lambda;                 /* [nmodes] ascending */
  PetscReal *omega;                  /* [nmodes] */
  PetscReal *participation;          /* [nmodes] */
  PetscReal *gamma[INM_NCHANNEL];    /* [nmodes] per channel xy, xz, yz, bulk */
  PetscInt   unstable_count;         /* unstable modes by inertia (slepc), -1 if not computed */
  PetscInt   nvec;                   /* eigenvectors kept on request (-inm_vectors), else 0 */
  PetscInt  *vec_index;              /* [nvec] the mode of each */
  PetscReal *vectors;                /* [nvec][3N] |v| = 1, largest |component| positive */
  /* on request (-inm_kpm_moments; nmom 0 otherwise): the spectral measures of D by KPM, with
   * respect to Xi~ of the shear channels xy, xz, yz and the density of states */
  InmChebyshevMoments kpm_shear[3], kpm_dos;
  InmChebyshevMoments kpm_sites; /* -inm_kpm_sites: local densities of random atoms (nmom 0: none) */
} InmModes;

/* Everything a solve is told (defined with the eigen-solver object below). */
typedef struct InmEigenOptions InmEigenOptions;

PETSC_EXTERN PetscErrorCode InmModesCreate(PetscInt natoms, PetscInt nmodes, InmModes **modes);
PETSC_EXTERN PetscErrorCode InmModesDestroy(InmModes **modes);

/* Eq. 6 from s2 = sum_i |e_i|^2 and s4 = sum_i |e_i|^4 (so that distributed eigenvectors
 * need only two reduced sums): P = s2^2 / (N s4), exact for any normalisation. */
static inline PetscReal InmParticipationFromSums(PetscInt natoms, PetscReal s2, PetscReal s4)
{
  return s4 > 0 ? s2 * s2 / (natoms * s4) : 0.0;
}

/* The modes whose eigenvectors are kept, for pictures like the paper's Fig. S11:
 * o->vectors (-inm_vectors i,j,...: indices into the computed modes, ascending lambda; o may be
 * NULL: none). Every solver calls it once it knows nmodes; an index beyond them is an error
 * saying how many there are. */
PETSC_EXTERN PetscErrorCode InmModesRequestVectors(MPI_Comm comm, const InmEigenOptions *o, InmModes *m);
/* Keep eigenvector k (of mode vec_index[k]) from the full 3N-vector v, with the sign that
 * makes its largest component positive (so every solver and rank count stores the same). */
PETSC_EXTERN PetscErrorCode InmModesStoreVector(InmModes *m, PetscInt k, const PetscReal v[]);

/* Participation ratio of one normalised 3N-vector v (atom i's components at 3i..3i+2). */
PETSC_EXTERN PetscReal InmParticipationRatio(PetscInt natoms, const PetscReal v[]);
/* Its sums s2 = sum_i |e_i|^2 and s4 = sum_i |e_i|^4 (InmModesSetMode takes them). */
PETSC_EXTERN void InmParticipationSums(PetscInt natoms, const PetscReal v[], PetscReal *s2, PetscReal *s4);

/* Mode p of m from what a solver reduces of its eigenvector v: lambda, s2 and s4 (as above),
 * proj[c] = v . Xi~^c (NULL without an affine field: Gamma = 0) and norm2 = |v|^2:
 *   omega = sign(lambda) sqrt|lambda|,  P = s2^2 / (N s4),  Gamma^c = proj[c]^2 / norm2
 * the one place where these are formed, so no two solvers can differ in a sign or a
 * normalisation. norm2 = 1 for the unit vectors of LAPACK, ScaLAPACK, ELPA and SLEPc (their
 * s2 is 1 only to round-off); a Ritz vector of the block slicing gives its s2. */
PETSC_EXTERN void InmModesSetMode(InmModes *m, PetscInt p, PetscReal lambda, PetscReal s2, PetscReal s4, const PetscReal proj[INM_NCHANNEL], PetscReal norm2);

/* The solvers below take what they are told from an InmEigenOptions (o->nev, o->vectors, the
 * memory limit and their own group; NULL: the defaults of InmEigenOptionsDefault); none reads
 * the options database. The object InmEigenSolver (further below) reads every option once
 * and calls the one its type names. */
/* Serial reference solver: D gathered to rank 0 as a dense matrix, LAPACK dsyevd, P and
 * Gamma per mode; the result is broadcast so every rank of D's communicator holds it.
 * o->nev <= 0 means all 3N modes. */
PETSC_EXTERN PetscErrorCode InmModesSolveLapack(Mat D, Vec xi[INM_NCHANNEL], const InmEigenOptions *o, InmModes **modes);

/* Distributed dense solvers, full spectrum or the nev lowest pairs (SPEC §5): D filled directly from the block
 * generator into a ScaLAPACK block-cyclic layout (block size -inm_block, a multiple of 3 so
 * an atom's three rows stay in one block; squarish BLACS grid on the generator's
 * communicator), solved by "scalapack" (pdsyevd), "elpa1" or "elpa2" (ELPA 1- or
 * 2-stage); P and Gamma are reduced from the distributed eigenvectors without gathering
 * them. The result is replicated on every rank of comm. A solve that would not fit in the
 * memory of a node is refused before it starts. */
PETSC_EXTERN PetscErrorCode InmModesSolveDense(MPI_Comm comm, InmHessianGenerator *gen, const InmEigenOptions *o, InmModes **modes);

/* Sparse solver for the unstable branch (SPEC §5): SLEPc Krylov-Schur spectrum slicing of
 * [lambda_lo, -delta] with shift-and-invert and MUMPS Cholesky inertia; lambda_lo is the
 * Gershgorin lower bound of D and delta = inm_unstable_delta max|lambda| keeps the three
 * translational zero modes out. P and Gamma are reduced from the distributed eigenvectors
 * (no gather). Options of the solver pass through with the prefix -inm_ (e.g.
 * -inm_eps_krylovschur_partitions 2, -inm_st_pc_factor_mat_solver_type mumps). */
PETSC_EXTERN PetscErrorCode InmModesSolveSlepcUnstable(Mat D, Vec xi[INM_NCHANNEL], const InmEigenOptions *o, InmModes **modes);
/* The same unstable branch (or -inm_unstable_interval) by block spectrum slicing: shifts placed
 * by a Lanczos estimate of the spectral density, block shift-and-invert Lanczos with
 * multi-right-hand-side MUMPS solves at each, shifts shared over rank groups that each build
 * D from gen on their own communicator, every gap between shifts checked against the
 * inertias (block_slicing.c). D and xi (on comm) serve the density estimate. The default
 * of -inm_solver slepc (-inm_unstable_method block). */
PETSC_EXTERN PetscErrorCode InmModesSolveBlockSlicing(MPI_Comm comm, InmHessianGenerator *gen, Mat D, Vec xi[INM_NCHANNEL], const InmEigenOptions *o, InmModes **modes);
/* ln|det S| of a sparse symmetric S, with the number of its negative eigenvalues (Sylvester's
 * inertia) and of the null pivots MUMPS set aside (left out of the determinant), from one LDL^T
 * (the factorisation of InmCountEigenvaluesBelow; MUMPS ICNTL 33). Collective on S's comm. */
PETSC_EXTERN PetscErrorCode InmLogDeterminant(Mat S, PetscReal *logabsdet, PetscInt *nneg, PetscInt *nnull);
/* Number of eigenvalues of D below sigma from one LDL^T factorisation (Sylvester's law of
 * inertia, MUMPS): with sigma = -delta, the number of unstable modes, no eigenvector needed. */
PETSC_EXTERN PetscErrorCode InmCountEigenvaluesBelow(Mat D, PetscReal sigma, PetscInt *count);
/* Gershgorin bounds of the spectrum of D. */
PETSC_EXTERN PetscErrorCode InmGershgorinBounds(Mat D, PetscReal *lo, PetscReal *hi);

/* The solvers' options, one struct per group (solver_options.c reads each in one
 * PetscOptionsBegin block); a value out of range is an error naming the option. */
typedef enum { INM_SCALAPACK_AUTO, INM_SCALAPACK_EVD, INM_SCALAPACK_EVR } InmScalapackDriver;
typedef struct {
  PetscInt           elpa_stage; /* -elpa_solver: 1 or 2 */
  PetscInt           block;      /* -inm_block: of the block-cyclic layout, a multiple of 3 */
  InmScalapackDriver driver;     /* -inm_scalapack_driver */
} InmDenseOptions;
typedef enum { INM_UNSTABLE_BLOCK, INM_UNSTABLE_SLEPC_KS, INM_UNSTABLE_SLEPC_EXTREME } InmUnstableMethod;
typedef struct {
  InmUnstableMethod method;       /* -inm_unstable_method */
  PetscReal         delta, tol;   /* -inm_unstable_delta (relative to max|lambda|), -inm_unstable_tol */
  PetscBool         has_interval; /* -inm_unstable_interval a,b */
  PetscReal         interval[2];
  PetscBool         count_only;   /* -inm_unstable_count_only */
  PetscBool         gershgorin;   /* -inm_unstable_bound gershgorin */
} InmUnstableOptions;
/* The block slicing's, -inm_slice_*. */
typedef struct {
  PetscInt  size;          /* eigenvalues per shift */
  PetscBool user_size;     /* size given: no default from the factorisation's cost */
  PetscInt  block;         /* Lanczos block size */
  PetscInt  groups;        /* rank groups; 0: chosen */
  PetscInt  lanczos_steps; /* of the spectral density estimate */
  PetscInt  max_dim;       /* Krylov dimension cap; 0: chosen */
  PetscBool monitor, partial;
} InmBlockSlicingOptions;
/* The LDL^T factorisations' (mumps_ldlt.c), with a prefix: -<prefix>ordering, -<prefix>metis_*;
 * MUMPS's own controls pass through as -<prefix>mat_mumps_icntl_<k> and _cntl_<k>. */
#define INM_METIS_KNOBS 4 /* -metis_nseps, -metis_niter, -metis_ufactor, -metis_seed */
typedef struct {
  PetscBool metis;                     /* -ordering metis (else MUMPS's own, ICNTL 7) */
  PetscInt  knob[INM_METIS_KNOBS];     /* METIS options given */
  PetscBool knob_set[INM_METIS_KNOBS];
} InmLDLTOptions;
PETSC_EXTERN PetscErrorCode InmLDLTOptionsDefault(InmLDLTOptions *o);
PETSC_EXTERN PetscErrorCode InmLDLTOptionsRead(MPI_Comm comm, const char prefix[], InmLDLTOptions *o);

/* Lanczos quadrature (src/eigen/lanczos_density.c): of the spectrum of D from a random vector
 * (stochastic, to place the shifts of the block slicing), or of the spectral measure of D with
 * respect to a given vector (Xi~: the sums of Eq. (1) without eigenvectors). */
typedef struct {
  PetscInt   m, n;           /* quadrature nodes, matrix order */
  PetscReal *theta, *weight; /* nodes (Ritz values, ascending) and weights (sum 1, or |x|^2) */
  PetscReal *resid;          /* |D y - theta y| of each Ritz pair: beta_m |Z_mk| */
} InmSpectralDensity;
PETSC_EXTERN PetscErrorCode InmLanczosDensity(Mat D, PetscInt steps, unsigned long long seed, InmSpectralDensity *dos);
/* The Gauss quadrature of the spectral measure of D with respect to x (weights sum |x|^2),
 * from `steps` Lanczos steps with full reorthogonalisation (fewer if x spans an invariant
 * subspace); x is not changed. */
PETSC_EXTERN PetscErrorCode InmLanczosQuadrature(Mat D, Vec x, PetscInt steps, InmSpectralDensity *q);
/* sum_k w_k |theta_k|^power over [lo, hi): e.g. power -2 for Eq. (1)'s sum Gamma_p /
 * lambda_p^2 over a class of modes given as a lambda interval; converged nodes count as
 * points, unconverged ones by the part of their cell inside [lo, hi); *err (may be NULL): the
 * difference from the plain Gauss rule, an estimate of the error a boundary inside the
 * unresolved spectrum makes. */
PETSC_EXTERN PetscReal InmSpectralMeasureSum(const InmSpectralDensity *q, PetscReal lo, PetscReal hi, PetscReal power, PetscReal *err);
PETSC_EXTERN PetscReal      InmSpectralDensityCount(const InmSpectralDensity *dos, PetscReal x);
PETSC_EXTERN PetscReal      InmSpectralDensityQuantile(const InmSpectralDensity *dos, PetscReal count, PetscReal lo, PetscReal hi);
PETSC_EXTERN PetscErrorCode InmSpectralDensityDestroy(InmSpectralDensity *dos);
/* The number of eigenvalues of D below x without a factorisation: the stochastic Lanczos count
 * averaged over nvec >= 2 random vectors (seeds seed, seed+1, ...), with the standard error of
 * that mean (e.g. f_u = count below -delta / 3N where no LDL^T fits). */
PETSC_EXTERN PetscErrorCode InmLanczosCountBelow(Mat D, PetscReal x, PetscInt nvec, PetscInt steps, unsigned long long seed, PetscReal *count, PetscReal *err);

/* The kernel polynomial method (src/eigen/kpm.c): Chebyshev moments of the spectral measure
 * of D with respect to a vector (Xi~: Eq. (1)'s Gamma-weighted sums) or averaged over random
 * +-1 vectors (the density of states, normalised to the number of eigenvalues), damped by the
 * Jackson kernel; sparse products only, nmom / 2 of them per vector. */
/* -inm_kpm_*: the moments a solve adds to its modes (InmModesComputeKPM). */
typedef struct {
  PetscInt           nmom;     /* -inm_kpm_moments: per shear channel; 0: none */
  PetscInt           dos_nmom; /* -inm_kpm_dos_moments: per random vector */
  PetscInt           nvec;     /* -inm_kpm_vectors: random vectors of the density of states */
  PetscInt           nsites;   /* -inm_kpm_sites: atoms of the typical density of states; 0: none */
  PetscInt           site_nmom; /* -inm_kpm_site_moments: per atom */
  unsigned long long seed;     /* -inm_kpm_seed */
  PetscInt           block;    /* -inm_kpm_block: vectors per sparse-times-dense product */
} InmKPMOptions;
/* The moments of o into m (m's own, replaced): of Xi~[0..2], of the density of states and, with
 * nsites, the local densities of random atoms. */
PETSC_EXTERN PetscErrorCode InmModesComputeKPM(Mat D, Vec xi[INM_NCHANNEL], const InmKPMOptions *o, InmModes *m);
/* Bounds of the spectrum of D for the map: 60 Lanczos steps, widened by 2%. */
PETSC_EXTERN PetscErrorCode InmKPMBounds(Mat D, PetscReal *lo, PetscReal *hi);
/* The moments of the measure of D with respect to x; an even nmom >= 4. An eigenvalue outside
 * [lo, hi] is an error (it makes a moment exceed mu_0). */
PETSC_EXTERN PetscErrorCode InmKPMMoments(Mat D, Vec x, PetscReal lo, PetscReal hi, PetscInt nmom, InmChebyshevMoments *cm);
/* The same for k vectors at once, into cm[0..k-1] (one vector each): each step's product is one
 * sparse-times-dense product of D with the k-column block (MatMatMult), which reads D once. */
PETSC_EXTERN PetscErrorCode InmKPMMomentsBlock(Mat D, PetscInt k, Vec x[], PetscReal lo, PetscReal hi, PetscInt nmom, InmChebyshevMoments cm[]);
/* The same from nvec >= 2 random +-1 vectors (seeds seed, seed + 1, ...; independent of the
 * number of ranks), block of them at a time. */
PETSC_EXTERN PetscErrorCode InmKPMStochasticMoments(Mat D, PetscReal lo, PetscReal hi, PetscInt nmom, PetscInt nvec, unsigned long long seed, PetscInt block, InmChebyshevMoments *cm);
/* The integral of |lambda|^power over [lo, hi) against the Jackson-damped density (the mean
 * over the vectors); stat_err (may be NULL): the standard error of that mean (0 for one
 * vector); trunc_err (may be NULL): the change from nmom / 2 to nmom moments. Power 0 counts
 * (in closed form); a power < 0 needs an interval away from lambda = 0. */
PETSC_EXTERN PetscErrorCode InmKPMIntegral(const InmChebyshevMoments *cm, PetscReal lo, PetscReal hi, PetscReal power, PetscReal *value, PetscReal *stat_err, PetscReal *trunc_err);
/* The same sum over a class with sharp ends, accurate where the spectrum is discrete on the
 * KPM resolution: the smooth part (ends ramped over [end - w, end + w]) from the moments, plus
 * the rest from the eigenpairs in those windows, (wlambda, wweight)[nwin]; every eigenvalue
 * within w of a finite end must be among them (others are ignored). w a few times
 * InmKPMResolution at the ends: InmKPMWindow. */
PETSC_EXTERN PetscErrorCode InmKPMClassSum(const InmChebyshevMoments *cm, PetscReal lo, PetscReal hi, PetscReal power, PetscReal w, PetscInt nwin, const PetscReal wlambda[], const PetscReal wweight[], PetscReal *value, PetscReal *trunc_err);
/* The width (standard deviation, in lambda) of the Jackson kernel at lambda. */
PETSC_EXTERN PetscReal InmKPMResolution(const InmChebyshevMoments *cm, PetscReal lambda);
/* The window half-width for the class [lo, hi): 8 resolutions at its finite ends, but at most
 * half the distance of each from lambda = 0 (a smaller w / resolution: more moments needed). */
PETSC_EXTERN PetscReal InmKPMWindow(const InmChebyshevMoments *cm, PetscReal lo, PetscReal hi);
/* The local densities of states of nsites distinct atoms (all of them if nsites = N; else
 * chosen by a hash of seed, rank-independent): per atom the moments summed over its three rows,
 * block rows at a time: 3 nsites / block x nmom / 2 block products. */
PETSC_EXTERN PetscErrorCode InmKPMLocalMoments(Mat D, PetscReal lo, PetscReal hi, PetscInt nmom, PetscInt nsites, unsigned long long seed, PetscInt block, InmChebyshevMoments *cm);
/* The typical (geometric mean) and mean local density at lambda over the atoms of cm
 * (Schubert, Weisse & Fehske 2005): their ratio falls where the modes are localized. */
PETSC_EXTERN PetscErrorCode InmKPMTypicalDensity(const InmChebyshevMoments *cm, PetscReal lambda, PetscReal *typical, PetscReal *mean);
/* The same from the first m moments of every atom, with the Jackson kernel of m (the
 * resolution pi h / m: the scaling variable of the typical-DOS mobility edge). */
PETSC_EXTERN PetscErrorCode InmKPMTypicalDensityTruncated(const InmChebyshevMoments *cm, PetscInt m, PetscReal lambda, PetscReal *typical, PetscReal *mean);
/* The mean of n one-vector moment sets on the same map (moments are linear in the measure: the
 * shear channels' mean is the measure of the mean Gamma of Eq. (1)); mean's own array. */
PETSC_EXTERN PetscErrorCode InmKPMMean(PetscInt n, const InmChebyshevMoments cm[], InmChebyshevMoments *mean);
/* The measure of the three translational zero modes on the map of cm: 3 delta(lambda), moments
 * 3 T_k(x_0), x_0 the image of lambda = 0 (z's own array). A density of states holds them,
 * broadened like every mode; the fractions and g(omega) count the 3N - 3 others. */
PETSC_EXTERN PetscErrorCode InmKPMZeroModes(const InmChebyshevMoments *cm, InmChebyshevMoments *z);
/* The density of states' count over [lo, hi) less the zero modes' share there, with the
 * standard error over the random vectors (stat_err may be NULL). */
PETSC_EXTERN PetscErrorCode InmKPMCountNonzero(const InmChebyshevMoments *dos, PetscReal lo, PetscReal hi, PetscReal *n, PetscReal *stat_err);
PETSC_EXTERN PetscErrorCode InmChebyshevMomentsDestroy(InmChebyshevMoments *cm);

/* The default -inm_solver of every front door of `modes` (one snapshot or a campaign): ELPA's
 * 1- or 2-stage solver, whichever was faster with the linked ELPA when the build was configured
 * (cmake/InmDenseDefault.cmake runs cmake/elpa_stage_probe.c; INM_DENSE_DEFAULT_WHY says how it
 * was chosen, and `inmvisc info` prints it). SPEC §5 names the 2-stage solver, but with the
 * generic kernels of Debian's ELPA it was 2.5-3 times slower than the 1-stage one (N = 4000 KA,
 * 2 ranks: 446 s against about 170 s, NumPy eigh 151 s in the same run, issue 20). A build
 * without the CMake definition (none of ours) falls back to the 1-stage solver. */
#ifndef INM_MODES_DEFAULT_SOLVER
  #define INM_MODES_DEFAULT_SOLVER "elpa1"
  #define INM_DENSE_DEFAULT_WHY    "not measured (built without cmake/InmDenseDefault.cmake)"
#endif

/* Everything an eigen-solve is told. */
struct InmEigenOptions {
  char                   type[16]; /* canonical -inm_solver: lapack, scalapack, elpa1, elpa2, slepc (the
                                      unstable branch by slicing; "slicing" given), kpm */
  PetscBool              full;     /* the type gives the whole spectrum */
  PetscInt               nev;      /* -inm_nev: the lowest modes (dense types); 0: all 3N */
  PetscInt               nvectors; /* -inm_vectors i,j,...: the modes whose eigenvectors are kept */
  PetscInt               vectors[64];
  PetscReal              max_memory_gb; /* -inm_max_memory_gb: what a node may plan for; <= 0: MemAvailable */
  InmDenseOptions        dense;
  InmUnstableOptions     unstable;
  InmBlockSlicingOptions slicing;
  InmLDLTOptions         ldlt;     /* of the block slicing: -inm_slice_ordering, -inm_slice_metis_* */
  InmKPMOptions          kpm;      /* -inm_kpm_*; with type kpm, nmom 0 means 2048 */
};
/* Every default, as if no option were given. */
PETSC_EXTERN PetscErrorCode InmEigenOptionsDefault(InmEigenOptions *o);
/* The memory a node may plan for: -inm_max_memory_gb, else MemAvailable (o NULL: MemAvailable). */
PETSC_EXTERN PetscErrorCode InmEigenOptionsMemoryGiB(const InmEigenOptions *o, PetscReal *gib);

/* The eigen-solver of `inmvisc modes`, PETSc style (SPEC §5):
 *   InmEigenSolverCreate(comm, &es); InmEigenSolverSetFromOptions(es);  every group read once,
 *   with the object's prefix, checked (and listed by -help with its default);
 *   InmEigenSolverSetUp(es);  the combinations checked (e.g. -inm_nev with a type that has none);
 *   InmEigenSolverSolve(es, comm, gen, &modes, times);  any number of times, on comm or a rank
 *   group of it; InmEigenSolverView; InmEigenSolverDestroy.
 * -help, the campaign identity and both front doors of `modes` take the options from it; a
 * test changes them through InmEigenSolverGetOptions, never in the options database. */
typedef struct _p_InmEigenSolver *InmEigenSolver;
PETSC_EXTERN PetscErrorCode InmEigenSolverCreate(MPI_Comm comm, InmEigenSolver *es);
PETSC_EXTERN PetscErrorCode InmEigenSolverSetOptionsPrefix(InmEigenSolver es, const char prefix[]);
PETSC_EXTERN PetscErrorCode InmEigenSolverSetFromOptions(InmEigenSolver es);
/* The options to change before SetUp (the type by its canonical name, through SetType). */
PETSC_EXTERN PetscErrorCode InmEigenSolverGetOptions(InmEigenSolver es, InmEigenOptions **o);
/* -inm_solver by any of its names (lapack, scalapack, elpa [-elpa_solver], elpa1, elpa2,
 * slicing or its old name slepc, kpm). */
PETSC_EXTERN PetscErrorCode InmEigenSolverSetType(InmEigenSolver es, const char type[]);
PETSC_EXTERN PetscErrorCode InmEigenSolverGetType(InmEigenSolver es, const char **type, PetscBool *full);
PETSC_EXTERN PetscErrorCode InmEigenSolverSetUp(InmEigenSolver es);
/* The modes of the configuration of gen on comm (the object's communicator or a part of it);
 * times (may be NULL): [0] the sparse D (0 for a dense type), [1] the solve. */
PETSC_EXTERN PetscErrorCode InmEigenSolverSolve(InmEigenSolver es, MPI_Comm comm, InmHessianGenerator *gen, InmModes **modes, PetscLogDouble times[2]);
/* What it will do: the type, what it finds, its options that differ from the defaults. */
PETSC_EXTERN PetscErrorCode InmEigenSolverView(InmEigenSolver es, PetscViewer viewer);
/* Every option given that changes the numbers beyond the type and nev ("-name value\n", as
 * given), appended to a campaign's identity text. */
PETSC_EXTERN PetscErrorCode InmEigenSolverAppendIdentity(InmEigenSolver es, char *text, size_t len, size_t *used);
PETSC_EXTERN PetscErrorCode InmEigenSolverDestroy(InmEigenSolver *es);
