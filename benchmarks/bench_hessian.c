/* Benchmark: Hessian + affine force field assembly (issue #2).
 * Times, per rank, (1) the neighbour list and potential set-up, (2) generating every block
 * row and Xi (no storage), (3) the full D + Xi~ PETSc assembly, as the minimum over
 * -repeat runs; prints a table and appends CSV rows to -csv.
 * Input: -input SNAPSHOT (any reader format) or, by default, a KA liquid made by LAMMPS
 * (-natoms 4000 -temperature 1.0 -density 1.2), written to -save (H5MD) for the numpy
 * reference benchmarks/hessian_numpy.py to read the very same configuration. */
#include <inmvisc.h>

static PetscErrorCode NoStore(void *ctx, const InmBlockRow *row)
{
  *(PetscInt *)ctx += row->n;
  return 0;
}

int main(int argc, char **argv)
{
  char                 input[PETSC_MAX_PATH_LEN] = "", save[PETSC_MAX_PATH_LEN] = "", csv[PETSC_MAX_PATH_LEN] = "";
  PetscInt             natoms = 4000, repeat = 5, nblocks = 0;
  PetscReal            T = 1.0, density = 1.2;
  PetscReal            tset = PETSC_MAX_REAL, tgen = PETSC_MAX_REAL, tmat = PETSC_MAX_REAL, tmax[3];
  PetscMPIInt          size, rank;
  InmPotential         pot;
  InmConfig           *cfg;

  PetscCall(InmInitialize(&argc, &argv, NULL));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "Hessian assembly benchmark", NULL);
  PetscCall(PetscOptionsString("-input", "Snapshot to use", NULL, input, input, sizeof(input), NULL));
  PetscCall(PetscOptionsString("-save", "Write the generated snapshot here (H5MD)", NULL, save, save, sizeof(save), NULL));
  PetscCall(PetscOptionsString("-csv", "Append results to this CSV file", NULL, csv, csv, sizeof(csv), NULL));
  PetscCall(PetscOptionsInt("-natoms", "Atoms of the generated liquid", NULL, natoms, &natoms, NULL));
  PetscCall(PetscOptionsReal("-temperature", "Temperature of the generated liquid", NULL, T, &T, NULL));
  PetscCall(PetscOptionsReal("-density", "Number density of the generated liquid", NULL, density, &density, NULL));
  PetscCall(PetscOptionsInt("-repeat", "Timed repetitions (minimum is reported)", NULL, repeat, &repeat, NULL));
  PetscOptionsEnd();
  PetscCall(InmPotentialCreateFromOptions(NULL, &pot));
  if (input[0]) PetscCall(InmConfigRead(PETSC_COMM_WORLD, input, INM_FORMAT_AUTO, -1, &cfg));
  else {
    InmLammps lmp;
    PetscCall(InmLammpsOpen(PETSC_COMM_WORLD, &lmp));
    PetscCall(InmLammpsQuickLiquid(lmp, pot, natoms, density, 2.0 * T + 1.0, T, 2000, 4242));
    PetscCall(InmLammpsGetConfig(lmp, &cfg));
    PetscCall(InmLammpsClose(&lmp));
    if (save[0] && rank == 0) PetscCall(InmWriteH5MD(save, cfg));
  }
  for (PetscInt r = 0; r < repeat; r++) {
    InmHessianGenerator *gen;
    PetscLogDouble       t0, t1, t2, t3;
    PetscInt            *rows, nl = PETSC_DECIDE, N = cfg->n, rstart = 0;
    Mat                  D;
    Vec                  xi[INM_NCHANNEL];

    PetscCall(PetscSplitOwnership(PETSC_COMM_WORLD, &nl, &N));
    PetscCallMPI(MPI_Scan(&nl, &rstart, 1, MPIU_INT, MPI_SUM, PETSC_COMM_WORLD));
    rstart -= nl;
    PetscCall(PetscMalloc1(nl, &rows));
    for (PetscInt k = 0; k < nl; k++) rows[k] = rstart + k;
    PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
    PetscCall(PetscTime(&t0));
    PetscCall(InmHessianGeneratorCreate(cfg, pot, PETSC_TRUE, &gen));
    PetscCall(PetscTime(&t1));
    nblocks = 0;
    PetscCall(InmHessianGeneratorRows(gen, nl, rows, NoStore, &nblocks));
    PetscCall(PetscTime(&t2));
    PetscCall(InmDynamicalMatrixCreate(PETSC_COMM_WORLD, gen, nl, &D, xi));
    PetscCall(PetscTime(&t3));
    tset = PetscMin(tset, t1 - t0);
    tgen = PetscMin(tgen, t2 - t1);
    tmat = PetscMin(tmat, t3 - t2);
    for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(VecDestroy(&xi[c]));
    PetscCall(MatDestroy(&D));
    PetscCall(InmHessianGeneratorDestroy(&gen));
    PetscCall(PetscFree(rows));
  }
  {
    PetscReal t[3] = {tset, tgen, tmat};
    PetscCallMPI(MPI_Allreduce(t, tmax, 3, MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "Hessian + Xi assembly, %s, N = %" PetscInt_FMT ", %d rank(s), min of %" PetscInt_FMT " runs, slowest rank:\n", pot->name, cfg->n, size, repeat));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  neighbour list + set-up   %8.4f s\n  block rows + Xi (no store) %8.4f s   (%" PetscInt_FMT " blocks on rank 0)\n  D + Xi~ as PETSc objects  %8.4f s\n  total (set-up + assembly) %8.4f s\n", (double)tmax[0], (double)tmax[1], nblocks, (double)tmax[2], (double)(tmax[0] + tmax[2])));
  if (csv[0] && rank == 0) {
    FILE *fp = fopen(csv, "a");
    PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot open for appending", csv);
    fprintf(fp, "inmvisc,%s,%" PetscInt_FMT ",%d,%.6f,%.6f,%.6f,%.6f\n", pot->name, cfg->n, size, (double)tmax[0], (double)tmax[1], (double)tmax[2], (double)(tmax[0] + tmax[2]));
    fclose(fp);
  }
  PetscCall(InmConfigDestroy(&cfg));
  PetscCall(InmPotentialDestroy(&pot));
  PetscCall(InmFinalize());
  return 0;
}
