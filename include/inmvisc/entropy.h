/* inmvisc/entropy.h — the configurational entropy S_conf = S_total - S_vib of a liquid
 * (paper Fig. 4 and its reference [55]; the route of Sciortino, Kob & Tartaglia, Phys. Rev.
 * Lett. 83, 3214 (1999) and Sastry, Nature 409, 164 (2001)). Per atom, in units of k_B.
 *
 * S_total by thermodynamic integration (TI) with LAMMPS in-process (src/transport/entropy_total.c):
 *   s_id(rho, T)   = 5/2 - sum_a x_a ln(x_a rho Lambda_a^3),  Lambda_a = h / sqrt(2 pi m_a kB T)
 *   beta F_ex/N    = int_0^rho [Z(rho') - 1] drho'/rho',  Z - 1 = P_vir / (rho kB T0)   at T0
 *   s_ex(T0)       = U(T0)/(kB T0) - beta0 F_ex/N                     (U: potential energy/atom)
 *   s_ex(T)        = beta U(beta) - beta0 F_ex/N - int_{beta0}^{beta} U(beta') dbeta'   at rho
 *   S_total/N      = s_id(rho, T) + s_ex(T)
 * (P_vir is the virial pressure alone: the kinetic part of LAMMPS's pressure has 3N - 3
 * degrees of freedom, whose 1/N bias in Z - 1 would diverge as drho/rho at rho -> 0).
 * The density path (0, rho] at a temperature T0 above any gas-liquid coexistence: 15-point
 * Gauss-Kronrod (GSL's qk15), error |K15 - G7| from its embedded 7-point Gauss rule, one NVT
 * run per node from the densest down (each start is the previous node's box, scaled). The
 * temperature path at rho, from T0 down through every requested temperature: per segment
 * [beta_k, beta_k+1] 5-point Gauss-Lobatto, whose end points are the state points themselves
 * (U there enters beta U) and whose nodes contain Simpson's {-1, 0, 1}: error |L5 - S3|.
 * Statistical errors (10 block means per node) are propagated through the weights. Each node
 * samples the canonical ensemble with a Langevin thermostat (ergodic also for a crystal).
 *
 * S_vib in the harmonic approximation at the inherent structures (src/transport/entropy_vib.c):
 * a snapshot is quenched by LAMMPS's conjugate-gradient minimisation and its mass-weighted
 * Hessian built by the project's own generator; the 3 zero modes (translations) are left out,
 * every other eigenvalue must be positive (checked by the inertia of one sparse LDL^T, whose
 * determinant gives the sum below; or by a dense solve), and
 *   S_vib/N = (1/N) sum_{p=1}^{3N-3} [1 - ln(hbar omega_p / (kB T))]
 * the classical harmonic solid with the same phase-space measure h^-3N as s_id, so h (units.h:
 * LAMMPS's hplanck) cancels in S_conf up to O(1/N) (3 modes). Masses enter through omega and
 * Lambda_a only; metal units through kB, hplanck and mvv2e (Lambda^2 = h^2/(2 pi m kB T mvv2e)).
 */
#pragma once
#include <inmvisc/transport.h>

/* ---- Thermodynamic integration ------------------------------------------------------------ */
#define INM_TI_DENSITY_NODES 15 /* Gauss-Kronrod 15 */
#define INM_TI_SEGMENT_NODES 5  /* Gauss-Lobatto 5 per temperature segment */

typedef struct {
  PetscInt   nT;                /* requested temperatures, sorted descending */
  PetscReal *T;                 /* [nT] */
  PetscReal  rho, T0;           /* number density of the path, its high temperature */
  PetscReal  fex0, fex0_err, fex0_quad, fex0_quad_noise; /* beta0 F_ex/N at (rho, T0): value,
                                   statistical error, quadrature error |K15 - G7| and that
                                   difference's own statistical error */
  PetscReal  rho_node[INM_TI_DENSITY_NODES], z_node[INM_TI_DENSITY_NODES], z_err[INM_TI_DENSITY_NODES];
                                /* the density path: (Z - 1)/rho at each node and its error */
  PetscInt   nnode;             /* temperature-path nodes: 1 + 4 nT */
  PetscReal *T_node, *U_node, *U_err; /* [nnode] descending T: U per atom, its error */
  PetscReal *U, *U_stat;        /* [nT] U per atom at the requested temperatures */
  PetscReal *s_id, *s_ex, *s_total, *s_err, *s_quad, *s_quad_noise; /* [nT] per atom in kB:
                                   ideal, excess, total, its statistical error, its quadrature
                                   error (the sum of |K15 - G7| and |L5 - S3| on the way) and
                                   the statistical error of those differences: a quadrature
                                   error within ~2 of it is noise, not discretisation */
} InmEntropyTI;

/* S_total at every temperature T[nT] (each below T0) at the density of `liquid` (any
 * configuration of the model pot at that density: the start of both paths). Each node is an
 * NVT run of o->equil steps then o->measure (o->dt, o->tdamp, o->seed as for the bulk
 * modulus). Collective on comm (one LAMMPS instance on it). With from_ideal_gas PETSC_FALSE
 * the density path is left out (fex0 = 0): s_ex and s_total are then known up to one
 * constant, which is what a crystal's temperature path can be checked with. */
PETSC_EXTERN PetscErrorCode InmEntropyTICompute(MPI_Comm comm, InmPotential pot, const InmConfig *liquid, PetscInt nT, const PetscReal T[], PetscReal T0, PetscBool from_ideal_gas, const InmBulkOptions *o, InmEntropyTI *ti);
PETSC_EXTERN PetscErrorCode InmEntropyTIDestroy(InmEntropyTI *ti);
/* Its steps, for callers that run the two paths side by side (they are independent):
 * SetUp (sort and check T, allocate; no MD), the density path (fex0 and the nodes rho_node,
 * z_node, z_err), the temperature path (T_node, U_node, U_err), then Combine (s_* and U). */
PETSC_EXTERN PetscErrorCode InmEntropyTISetUp(MPI_Comm comm, PetscReal rho, PetscInt nT, const PetscReal T[], PetscReal T0, InmEntropyTI *ti);
PETSC_EXTERN PetscErrorCode InmEntropyTIDensityPath(MPI_Comm comm, InmPotential pot, const InmConfig *liquid, const InmBulkOptions *o, InmEntropyTI *ti);
PETSC_EXTERN PetscErrorCode InmEntropyTITemperaturePath(MPI_Comm comm, InmPotential pot, const InmConfig *liquid, const InmBulkOptions *o, InmEntropyTI *ti);
PETSC_EXTERN PetscErrorCode InmEntropyTICombine(const InmConfig *liquid, InmEntropyTI *ti);
/* s_id per atom of a configuration's composition at its density, at temperature T. */
PETSC_EXTERN PetscErrorCode InmIdealGasEntropy(const InmConfig *cfg, PetscReal T, PetscReal *s_id);

/* ---- Harmonic entropy of the inherent structure ------------------------------------------
 * Quench cfg (minimize with energy tolerance 0, force tolerance ftol, in LAMMPS's units) and
 * return its potential energy per atom u_is and S_vib/N at each of the nT temperatures T, on
 * comm. solver NULL: sum ln lambda_p from one sparse LDL^T of the Hessian without one atom
 * (src/transport/entropy_vib.c; O(N^2) at most, no eigenvalue), which must be positive
 * definite; else with the dense solver `solver` (eigen.h), every eigenvalue: those below the
 * zero threshold (InmModesZeroThreshold with 1e-9) must be exactly 3 and no other negative.
 * Either way a failed check is an error naming the snapshot and the counts. *is (may be NULL)
 * receives the quenched configuration. */
PETSC_EXTERN PetscErrorCode InmInherentStructureEntropy(MPI_Comm comm, InmPotential pot, const InmConfig *cfg, PetscReal ftol, const char solver[], PetscInt nT, const PetscReal T[], PetscReal *u_is, PetscReal s_vib[], InmConfig **is);

/* ---- `inmvisc entropy`: S_conf(T) of a prepare campaign --------------------------------------
 * -input DIR (a prepare output: DIR/snapshots.txt) or a task list FILE ('path frame T' per line,
 * e.g. run's modes_tasks.txt): the snapshots of one size (-entropy_size, default the smallest)
 * at each nominal temperature. S_total(T) by one TI from the last frame of the first of them
 * (-entropy_T0, -entropy_time); S_vib of every snapshot's inherent structure at its T (at most
 * -entropy_samples per T); per temperature
 *   S_conf = S_total - <S_vib>,  error^2 = stat(S_total)^2 + quad(S_total)^2 + sem(S_vib)^2.
 * The TI's density path runs on rank 0 and its temperature path on rank 1 (both on 0 when
 * alone), then the quenches on every rank in turn, each LAMMPS instance on one rank. One HDF5 file (kind "entropy"; `viscosity -entropy` reads
 * /entropy/temperature, sconf, sconf_err) and the table on stdout. */
typedef struct _p_InmEntropy *InmEntropy;
PETSC_EXTERN PetscErrorCode InmEntropyCreate(MPI_Comm comm, InmEntropy *e);
PETSC_EXTERN PetscErrorCode InmEntropySetFromOptions(InmEntropy e);
PETSC_EXTERN PetscErrorCode InmEntropySetUp(InmEntropy e);
PETSC_EXTERN PetscErrorCode InmEntropyRun(InmEntropy e);
PETSC_EXTERN PetscErrorCode InmEntropyView(InmEntropy e);
PETSC_EXTERN PetscErrorCode InmEntropyDestroy(InmEntropy *e);
