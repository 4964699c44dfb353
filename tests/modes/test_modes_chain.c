/* LAPACK modes mode by mode against analytic eigenpairs, on any rank count.
 *
 * The matrix, of N atoms (order 3N), is the direct sum of
 *   x: an open harmonic chain (free ends), springs k between neighbours, unit masses:
 *        lambda_q = 2k (1 - cos(pi q / N)),  v_q(i) = c_q cos(pi q (i + 1/2) / N),  q = 0..N-1
 *      (non-degenerate; c_0 = 1/sqrt(N), c_q = sqrt(2/N));
 *   y, z: one 2x2 block per atom i with eigenvalues a_i < 0 (unstable) and b_i > 0 along
 *      u_i = (cos t_i, sin t_i), w_i = (-sin t_i, cos t_i),
 * all rotated per atom by one fixed 3x3 rotation R (D -> (I x R) D (I x R^T)), which fills
 * every 3x3 block of the BAIJ matrix and keeps the per-atom norms, hence P.
 * Every eigenvalue is simple, so each mode's eigenvector is known up to sign and
 *   P_p from Eq. 6 of the analytic vector (2/3 for a standing wave q != 0, N/2; 1/N for the
 *   one-atom yz modes), Gamma_p^c = (v_p . xi^c)^2 with arbitrary fields xi^c
 * are checked per mode. Then: the result is the same on every rank and equals a solve of the
 * same matrix on PETSC_COMM_SELF (the 1-rank result) and one with a skewed row layout (rank 0
 * owning no atom); -inm_nev gives the lowest modes of the full solve; wrong xi lengths and an
 * oversized solve (-inm_max_memory_gb) are refused with clear messages. */
#include "testlib.h"

#define NATOM 24

static const PetscInt  N = NATOM;
static const PetscReal kspring = 1.3;
static PetscReal       R[9]; /* rotation, row-major */

static PetscReal Aeig(PetscInt i) { return -10.0 - 0.5 * i; }
static PetscReal Beig(PetscInt i) { return 30.0 + 0.5 * i; }
static PetscReal Theta(PetscInt i) { return 0.3 + 0.7 * i; }

/* Unrotated 3x3 block (row-major) of atom row i, column j. */
static void Block(PetscInt i, PetscInt j, PetscReal B[9])
{
  for (int a = 0; a < 9; a++) B[a] = 0;
  if (i == j) {
    const PetscReal c = PetscCosReal(Theta(i)), s = PetscSinReal(Theta(i)), a = Aeig(i), b = Beig(i);
    B[0] = kspring * ((i > 0) + (i < N - 1));
    B[4] = a * c * c + b * s * s; /* a u u^T + b w w^T */
    B[5] = B[7] = (a - b) * c * s;
    B[8] = a * s * s + b * c * c;
  } else if (j == i - 1 || j == i + 1) B[0] = -kspring;
}

/* R B R^T */
static void Rotate(const PetscReal B[9], PetscReal out[9])
{
  PetscReal T[9];
  for (int a = 0; a < 3; a++)
    for (int b = 0; b < 3; b++) {
      T[3 * a + b] = 0;
      for (int c = 0; c < 3; c++) T[3 * a + b] += R[3 * a + c] * B[3 * c + b];
    }
  for (int a = 0; a < 3; a++)
    for (int b = 0; b < 3; b++) {
      out[3 * a + b] = 0;
      for (int c = 0; c < 3; c++) out[3 * a + b] += T[3 * a + c] * R[3 * b + c];
    }
}

static PetscReal XiValue(PetscInt c, PetscInt j) { return PetscSinReal(0.37 * j + 1.1 * c) + 0.2 * PetscCosReal(1.3 * j * (c + 1)); }

/* D and xi on comm, atom rows split by nlocal (PETSC_DECIDE or this rank's count). */
static PetscErrorCode Build(MPI_Comm comm, PetscInt nlocal, Mat *D, Vec xi[INM_NCHANNEL])
{
  PetscInt rstart, rend, Ng = N;

  PetscFunctionBegin;
  PetscCall(PetscSplitOwnership(comm, &nlocal, &Ng));
  PetscCall(MatCreateBAIJ(comm, 3, 3 * nlocal, 3 * nlocal, 3 * N, 3 * N, 3, NULL, 2, NULL, D));
  PetscCall(MatGetOwnershipRange(*D, &rstart, &rend));
  for (PetscInt i = rstart / 3; i < rend / 3; i++)
    for (PetscInt j = PetscMax(i - 1, 0); j <= PetscMin(i + 1, N - 1); j++) {
      PetscReal B[9], RB[9];
      Block(i, j, B);
      Rotate(B, RB);
      PetscCall(MatSetValuesBlocked(*D, 1, &i, 1, &j, RB, INSERT_VALUES));
    }
  PetscCall(MatAssemblyBegin(*D, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(*D, MAT_FINAL_ASSEMBLY));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) {
    PetscCall(MatCreateVecs(*D, NULL, &xi[c]));
    for (PetscInt r = rstart; r < rend; r++) PetscCall(VecSetValue(xi[c], r, XiValue(c, r), INSERT_VALUES));
    PetscCall(VecAssemblyBegin(xi[c]));
    PetscCall(VecAssemblyEnd(xi[c]));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy(Mat *D, Vec xi[INM_NCHANNEL])
{
  PetscFunctionBegin;
  PetscCall(MatDestroy(D));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(VecDestroy(&xi[c]));
  PetscFunctionReturn(0);
}

typedef struct {
  PetscReal lambda;
  PetscInt  kind, index; /* kind 0: chain q; 1: atom i along u; 2: atom i along w */
} Exact;

static int CompareExact(const void *a, const void *b)
{
  const PetscReal d = ((const Exact *)a)->lambda - ((const Exact *)b)->lambda;
  return d < 0 ? -1 : d > 0;
}

/* The analytic (rotated, normalised) eigenvector of e. */
static void ExactVector(const Exact *e, PetscReal v[])
{
  for (PetscInt i = 0; i < N; i++) {
    PetscReal u[3] = {0, 0, 0};
    if (e->kind == 0) u[0] = (e->index ? PetscSqrtReal(2.0 / N) : 1.0 / PetscSqrtReal(N)) * PetscCosReal(PETSC_PI * e->index * (i + 0.5) / N);
    else if (i == e->index) {
      const PetscReal c = PetscCosReal(Theta(i)), s = PetscSinReal(Theta(i));
      u[1] = e->kind == 1 ? c : -s;
      u[2] = e->kind == 1 ? s : c;
    }
    for (int a = 0; a < 3; a++) v[3 * i + a] = R[3 * a] * u[0] + R[3 * a + 1] * u[1] + R[3 * a + 2] * u[2];
  }
}

/* Largest difference of two results, each quantity relative to its own largest value. */
static PetscReal ModesDiff(const InmModes *a, const InmModes *b, PetscInt nm)
{
  PetscReal d = 0;
  if (a->nmodes < nm || b->nmodes < nm) return PETSC_MAX_REAL;
  d = PetscMax(d, InmMaxRelDiff(nm, a->lambda, b->lambda));
  d = PetscMax(d, InmMaxRelDiff(nm, a->omega, b->omega));
  d = PetscMax(d, InmMaxRelDiff(nm, a->participation, b->participation));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) d = PetscMax(d, InmMaxRelDiff(nm, a->gamma[c], b->gamma[c]));
  return d;
}

int main(int argc, char **argv)
{
  const PetscInt n = 3 * NATOM, nev = 9;
  Exact          ex[3 * NATOM];
  PetscReal      v[3 * NATOM], lmax = 0, gap = PETSC_MAX_REAL, errl = 0, errlrel = 0, erro = 0, errP = 0, errG = 0, xi2 = 0, P23 = 0;
  Mat            D, Dself, Dskew;
  Vec            xi[INM_NCHANNEL], xiself[INM_NCHANNEL], xiskew[INM_NCHANNEL], xishort[INM_NCHANNEL];
  InmModes      *m, *mself, *mskew, *mnev, *mbad = NULL;
  PetscMPIInt    rank, size;
  PetscInt       nskew, nunstable = 0;
  PetscErrorCode ierr;
  const char    *msg;
  InmEigenOptions eo; /* what the solve is told: -inm_nev, -inm_max_memory_gb */

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  { /* R = rotation by 0.9 about the unit axis along (1, 2, 2) (Rodrigues) */
    const PetscReal k[3] = {1.0 / 3, 2.0 / 3, 2.0 / 3}, c = PetscCosReal(0.9), s = PetscSinReal(0.9);
    const PetscReal K[9] = {0, -k[2], k[1], k[2], 0, -k[0], -k[1], k[0], 0};
    for (int a = 0; a < 3; a++)
      for (int b = 0; b < 3; b++) R[3 * a + b] = (a == b ? c : 0) + s * K[3 * a + b] + (1 - c) * k[a] * k[b];
  }

  /* analytic spectrum, ascending, and its smallest gap */
  for (PetscInt i = 0; i < N; i++) {
    ex[i]         = (Exact){2 * kspring * (1 - PetscCosReal(PETSC_PI * i / N)), 0, i};
    ex[N + i]     = (Exact){Aeig(i), 1, i};
    ex[2 * N + i] = (Exact){Beig(i), 2, i};
  }
  qsort(ex, (size_t)n, sizeof(Exact), CompareExact);
  for (PetscInt p = 0; p < n; p++) {
    lmax = PetscMax(lmax, PetscAbsReal(ex[p].lambda));
    if (p) gap = PetscMin(gap, ex[p].lambda - ex[p - 1].lambda);
    nunstable += ex[p].lambda < 0;
  }
  INM_TEST(gap > 1e-3, "test matrix: every eigenvalue simple (smallest gap %.3g), %" PetscInt_FMT " negative", (double)gap, nunstable);

  /* distributed solve (PETSC_DECIDE layout) against the analytic eigenpairs */
  PetscCall(Build(PETSC_COMM_WORLD, PETSC_DECIDE, &D, xi));
  PetscCall(InmModesSolveLapack(D, xi, NULL, &m));
  INM_TEST(m->nmodes == n && m->natoms == N, "full solve: %" PetscInt_FMT " modes of %" PetscInt_FMT " atoms", m->nmodes, m->natoms);
  for (PetscInt j = 0; j < n; j++) xi2 = PetscMax(xi2, XiValue(0, j) * XiValue(0, j));
  xi2 *= n; /* bound of |xi|^2, the scale of Gamma */
  for (PetscInt p = 0; p < n; p++) {
    const PetscReal l = ex[p].lambda, o = l < 0 ? -PetscSqrtReal(-l) : PetscSqrtReal(l);
    PetscReal       s2 = 0, s4 = 0;
    errl = PetscMax(errl, PetscAbsReal(m->lambda[p] - l) / lmax);
    if (PetscAbsReal(l) > 1e-2) errlrel = PetscMax(errlrel, PetscAbsReal(m->lambda[p] - l) / PetscAbsReal(l));
    /* omega from the computed lambda (sqrt would amplify the round-off of the zero mode) */
    erro = PetscMax(erro, PetscAbsReal(m->omega[p] - (m->lambda[p] < 0 ? -PetscSqrtReal(-m->lambda[p]) : PetscSqrtReal(m->lambda[p]))));
    if (PetscAbsReal(l) > 1e-2 && PetscAbsReal(m->omega[p] - o) > 1e-12 * PetscAbsReal(o)) erro = PETSC_MAX_REAL; /* and the sign: unstable = negative omega */
    ExactVector(&ex[p], v);
    for (PetscInt i = 0; i < N; i++) { /* Eq. 6 written out, independently of the library */
      const PetscReal a = v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2];
      s2 += a;
      s4 += a * a;
    }
    errP = PetscMax(errP, PetscAbsReal(m->participation[p] - 1.0 / (N * s4 / (s2 * s2))));
    if (ex[p].kind == 0 && ex[p].index != 0 && 2 * ex[p].index != N) P23 = PetscMax(P23, PetscAbsReal(m->participation[p] - 2.0 / 3.0));
    if (ex[p].kind != 0) P23 = PetscMax(P23, PetscAbsReal(m->participation[p] - 1.0 / N));
    for (PetscInt c = 0; c < INM_NCHANNEL; c++) {
      PetscReal d = 0;
      for (PetscInt j = 0; j < n; j++) d += v[j] * XiValue(c, j);
      errG = PetscMax(errG, PetscAbsReal(m->gamma[c][p] - d * d) / xi2);
    }
  }
  INM_TEST(errl < 1e-12, "eigenvalues equal the analytic ones: max |dlambda| / max|lambda| = %.1e (relative to each |lambda| > 0.01: %.1e)", (double)errl, (double)errlrel);
  INM_TEST(erro == 0, "omega = sign(lambda) sqrt|lambda|, equal to the analytic omega to 1e-12 relative (%" PetscInt_FMT " unstable modes with omega < 0)", nunstable);
  INM_TEST(errP < 1e-12, "P per mode equals Eq. 6 of the analytic eigenvector: max error %.1e", (double)errP);
  INM_TEST(P23 < 1e-12, "P = 2/3 for the chain's standing waves, 1/N for the one-atom modes: max error %.1e", (double)P23);
  INM_TEST(errG < 1e-12, "Gamma per mode and channel equals (v . xi)^2 of the analytic eigenvector: max error %.1e of |xi|^2", (double)errG);

  /* the same matrix solved on each rank alone (the 1-rank result) and with rank 0 owning no atom */
  PetscCall(Build(PETSC_COMM_SELF, PETSC_DECIDE, &Dself, xiself));
  PetscCall(InmModesSolveLapack(Dself, xiself, NULL, &mself));
  nskew = size == 1 ? N : (rank == 0 ? 0 : N / (size - 1) + (rank <= N % (size - 1)));
  PetscCall(Build(PETSC_COMM_WORLD, nskew, &Dskew, xiskew));
  PetscCall(InmModesSolveLapack(Dskew, xiskew, NULL, &mskew));
  INM_TEST(ModesDiff(m, mself, n) < 1e-13, "rank %d, %d ranks: lambda, omega, P, Gamma equal the 1-rank solve (max rel diff %.1e)", (int)rank, (int)size, (double)ModesDiff(m, mself, n));
  INM_TEST(ModesDiff(mskew, mself, n) < 1e-13, "rank %d: with %" PetscInt_FMT " atoms on this rank (rank 0 none when several): same result (max rel diff %.1e)", (int)rank, nskew, (double)ModesDiff(mskew, mself, n));

  /* the nev lowest (dsyevr) are the first nev of the full solve (dsyevd) */
  PetscCall(InmEigenOptionsDefault(&eo));
  eo.nev = nev;
  PetscCall(InmModesSolveLapack(D, xi, &eo, &mnev));
  INM_TEST(mnev->nmodes == nev && ModesDiff(mnev, m, nev) < 1e-12, "nev = %" PetscInt_FMT ": %" PetscInt_FMT " modes, lambda, omega, P, Gamma equal the full solve's lowest (max rel diff %.1e); lambda %.6g .. %.6g", nev, mnev->nmodes, (double)ModesDiff(mnev, m, nev), (double)mnev->lambda[0], (double)mnev->lambda[nev - 1]);
  PetscCall(InmModesDestroy(&mnev));
  eo.nev = 10 * n;
  PetscCall(InmModesSolveLapack(D, xi, &eo, &mnev));
  INM_TEST(mnev->nmodes == n && ModesDiff(mnev, m, n) == 0, "nev > 3N gives the full spectrum");
  PetscCall(InmModesDestroy(&mnev));

  /* an affine field of the wrong length is refused */
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(VecCreateMPI(PETSC_COMM_WORLD, PETSC_DECIDE, n - 3, &xishort[c]));
  PetscCall(InmTestErrorBegin());
  ierr = InmModesSolveLapack(D, xishort, NULL, &mbad);
  msg  = InmTestErrorEnd();
  INM_TEST(ierr == PETSC_ERR_ARG_SIZ && mbad == NULL && strstr(msg, "affine field xy has length 69"), "xi of the wrong length refused: \"%s\"", msg);
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(VecDestroy(&xishort[c]));

  /* a solve larger than the memory allowed is refused on every rank, before it starts */
  PetscCall(InmEigenOptionsDefault(&eo));
  eo.max_memory_gb = 1e-6; /* -inm_max_memory_gb */
  PetscCall(InmTestErrorBegin());
  ierr = InmModesSolveLapack(D, xi, &eo, &mbad);
  msg  = InmTestErrorEnd();
  INM_TEST(ierr == PETSC_ERR_MEM && mbad == NULL && strstr(msg, "dense LAPACK solve of n = 72 needs about ") && strstr(msg, " GiB on one rank, more than the 1e-06 GiB available") && strstr(msg, "-inm_solver slepc") && strstr(msg, "elpa or scalapack"),
           "memory guard on rank %d: \"%s\"", (int)rank, msg);

  PetscCall(InmModesDestroy(&m));
  PetscCall(InmModesDestroy(&mself));
  PetscCall(InmModesDestroy(&mskew));
  PetscCall(Destroy(&D, xi));
  PetscCall(Destroy(&Dself, xiself));
  PetscCall(Destroy(&Dskew, xiskew));
  return InmTestEnd();
}
