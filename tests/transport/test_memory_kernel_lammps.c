/* The memory kernel on a LAMMPS trajectory with a known friction (the test): an ideal
 * gas (pair_style zero) of 1000 atoms of mass m = 1 under fix langevin at T = 1 with damp 2,
 * i.e. friction gamma = 1/damp = 0.5 (force -m gamma v + R). Velocities and forces of every
 * atom are gathered at every step for 3000 steps (one-step runs, pre no: one continuous run)
 * and passed to InmMemoryKernel exactly as `transport` does (p = m v, F, 3000 one-dimensional
 * trajectories). For this Markovian friction the kernel is 2 m gamma delta(t), so
 * vtilde(0) = int_0^inf C_FF / kB T dt = m gamma = 0.5. The statistical error, estimated here
 * from the two halves of the atoms, is ~1%; the discretisation of LAMMPS's Langevin force
 * (applied with the half-step velocity) biases by O(gamma dt) = 0.25%. Bound: 4%. (The GLE
 * route kB T / D is checked on synthetic Langevin data in test_memory_kernel.c and on the KA
 * liquid in transport_check.sh.) */
#include "testlib.h"

int main(int argc, char **argv)
{
  const PetscInt  natoms = 1000, nsteps = 3000, ncorr = 400, n3 = 3 * natoms;
  const PetscReal dt = 0.005, gamma = 0.5, m = 1.0, kT = 1.0;
  InmLammps       lmp;
  PetscReal      *F, *p, Cff[400], vt, vth[2];
  char            setup[1024];

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(PetscSNPrintf(setup, sizeof(setup), "units lj\natom_style atomic\natom_modify map array\nregion b block 0 10 0 10 0 10\ncreate_box 1 b\ncreate_atoms 1 random %d 4711 NULL\nmass 1 %g\npair_style zero 1.0\npair_coeff * *\nvelocity all create %g 1234 dist gaussian loop all\nfix inm_nve all nve\nfix inm_lgv all langevin %g %g %g 99\ntimestep %g\nthermo 0\nrun 2000", (int)natoms, (double)m, (double)kT, (double)kT, (double)kT, (double)(1 / gamma), (double)dt));
  PetscCall(InmLammpsOpen(PETSC_COMM_SELF, &lmp));
  PetscCall(InmLammpsCommands(lmp, setup));
  PetscCall(PetscMalloc2(nsteps * n3, &F, nsteps * n3, &p));
  for (PetscInt s = 0; s < nsteps; s++) {
    InmConfig *c;
    PetscCall(InmLammpsCommand(lmp, "run 1 start 2000 stop %d pre %s post no", (int)(2000 + nsteps), s ? "no" : "yes"));
    PetscCall(InmLammpsGetConfig(lmp, &c));
    for (PetscInt k = 0; k < n3; k++) {
      F[s * n3 + k] = c->f[k];
      p[s * n3 + k] = m * c->v[k];
    }
    PetscCall(InmConfigDestroy(&c));
  }
  PetscCall(InmLammpsClose(&lmp));

  PetscCall(InmMemoryKernel(PETSC_COMM_SELF, n3, nsteps, F, p, dt, ncorr, Cff));
  PetscCall(InmMemoryKernelIntegral(ncorr, Cff, dt, kT, ncorr, &vt, NULL));
  for (int h = 0; h < 2; h++) { /* the two halves of the atoms, for an error estimate */
    PetscReal *Fh, *ph;
    PetscCall(PetscMalloc2(nsteps * n3 / 2, &Fh, nsteps * n3 / 2, &ph));
    for (PetscInt s = 0; s < nsteps; s++)
      for (PetscInt k = 0; k < n3 / 2; k++) {
        Fh[s * (n3 / 2) + k] = F[s * n3 + h * (n3 / 2) + k];
        ph[s * (n3 / 2) + k] = p[s * n3 + h * (n3 / 2) + k];
      }
    PetscCall(InmMemoryKernel(PETSC_COMM_SELF, n3 / 2, nsteps, Fh, ph, dt, ncorr, Cff));
    PetscCall(InmMemoryKernelIntegral(ncorr, Cff, dt, kT, ncorr, &vth[h], NULL));
    PetscCall(PetscFree2(Fh, ph));
  }
  INM_TEST(PetscAbsReal(vt - m * gamma) < 0.04 * m * gamma, "int C_FF / kT = %.4f, m gamma = %.4f (halves: %.4f, %.4f; bound 4%%)", (double)vt, (double)(m * gamma), (double)vth[0], (double)vth[1]);
  PetscCall(PetscFree2(F, p));
  return InmTestEnd();
}
