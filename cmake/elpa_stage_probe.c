/* Which of ELPA's solvers is faster with the ELPA this build links (issue 20: the default
 * dense solver is measured, not assumed). Run once by CMake at configure time
 * (cmake/InmDenseDefault.cmake), on one process: the eigenpairs of a random symmetric n x n
 * matrix by the 1-stage and by the 2-stage solver, best of two runs each; prints
 *   "elpa1 T1 elpa2 T2 n N"
 * in seconds. Debian's ELPA has generic kernels only, with which the 2-stage solver was
 * 2.5-3x slower on KA N = 4000 (n = 12000, 2 ranks); a build with optimised kernels may turn
 * that around, and this measures it. */
#include <elpa/elpa.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double Solve(int n, int solver, const double *a0, double *a, double *w, double *z)
{
  elpa_t e;
  int    err;
  double t0;
  memcpy(a, a0, sizeof(double) * (size_t)n * n); /* ELPA overwrites the matrix */
  e = elpa_allocate(&err);
  if (err != ELPA_OK) return -1;
  elpa_set_integer(e, "na", n, &err);
  elpa_set_integer(e, "nev", n, &err);
  elpa_set_integer(e, "local_nrows", n, &err);
  elpa_set_integer(e, "local_ncols", n, &err);
  elpa_set_integer(e, "nblk", 64, &err);
  elpa_set_integer(e, "mpi_comm_parent", (int)MPI_Comm_c2f(MPI_COMM_WORLD), &err);
  elpa_set_integer(e, "process_row", 0, &err);
  elpa_set_integer(e, "process_col", 0, &err);
  if (elpa_setup(e) != ELPA_OK) return -1;
  elpa_set_integer(e, "solver", solver, &err);
  if (err != ELPA_OK) return -1;
  t0 = MPI_Wtime();
  elpa_eigenvectors_a_h_a_d(e, a, w, z, &err);
  t0 = MPI_Wtime() - t0;
  elpa_deallocate(e, &err);
  return err == ELPA_OK ? t0 : -1;
}

int main(int argc, char **argv)
{
  const int          n = argc > 1 ? atoi(argv[1]) : 1500;
  double            *a0, *a, *w, *z, t[2] = {1e300, 1e300};
  unsigned long long s = 12345;
  int                err = 0;

  MPI_Init(&argc, &argv);
  if (elpa_init(20221109) != ELPA_OK) {
    fprintf(stderr, "ELPA API version 20221109 not supported\n");
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  a0 = malloc(sizeof(double) * (size_t)n * n);
  a  = malloc(sizeof(double) * (size_t)n * n);
  z  = malloc(sizeof(double) * (size_t)n * n);
  w  = malloc(sizeof(double) * (size_t)n);
  if (!a0 || !a || !z || !w) MPI_Abort(MPI_COMM_WORLD, 1);
  for (int j = 0; j < n; j++) /* uniform on [-1, 1), symmetric */
    for (int i = 0; i <= j; i++) {
      s                       = s * 6364136223846793005ULL + 1442695040888963407ULL;
      a0[i + (size_t)j * n]   = (double)(s >> 11) / 4503599627370496.0 - 1.0;
      a0[j + (size_t)i * n]   = a0[i + (size_t)j * n];
    }
  for (int rep = 0; rep < 2; rep++)
    for (int k = 0; k < 2; k++) {
      const double dt = Solve(n, k ? ELPA_SOLVER_2STAGE : ELPA_SOLVER_1STAGE, a0, a, w, z);
      if (dt < 0) err = 1;
      else if (dt < t[k]) t[k] = dt;
    }
  if (!err) printf("elpa1 %.3f elpa2 %.3f n %d\n", t[0], t[1], n);
  else fprintf(stderr, "an ELPA solve failed\n");
  {
    int e2;
    elpa_uninit(&e2);
  }
  free(a0);
  free(a);
  free(z);
  free(w);
  MPI_Finalize();
  return err;
}
