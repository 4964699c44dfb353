/* Memory kernel of a tagged particle from its random-force autocorrelation (SPEC §8; paper
 * Eqs. 2-3, App. F, Eqs. S1-S8; Carof, Vuilleumier & Rotenberg, J. Chem. Phys. 140, 124103
 * (2014), second-order algorithm). The printed S3 is garbled; these are the equations used.
 *
 * Mori-Zwanzig for one Cartesian component p of the momentum (iL p = F), projector
 * P A = <A p>/<p^2> p:
 *   dp/dt = -int_0^t v(s) p(t-s)/m ds + F^-(t),   F^-(t) = e^{i(1-P)L t} F,
 *   v(t) = Cbar_FF(t)/(kB T),  Cbar_FF(t) = <F(0) F^-(t)>.
 * Dyson identity (variation of constants for d/dt F^- = iL F^- - P iL F^-):
 *   F^-(t) = e^{iLt} F - int_0^t e^{iL(t-s)} P iL F^-(s) ds,
 * and, L being anti-self-adjoint in the equilibrium average (<A iL B> = -<(iL A) B>),
 *   P iL F^-(s) = <p iL F^-(s)>/<p^2> p = -<F F^-(s)>/<p^2> p = -kappa(s) p,
 *   kappa(s) = Cbar_FF(s)/<p^2>.
 * One step of the semigroup, A = F^-(t):
 *   F^-(t+dt) = e^{iL dt} F^-(t) + int_0^dt kappa(t+s) e^{iL(dt-s)} p ds.
 * On trajectory data a function A is known by its values A_m = A(Gamma(m dt)) along the
 * trajectory, and (e^{iL tau} A)_m = A(Gamma(m dt + tau)): one step of e^{iL dt} is a shift of
 * the time origin, (e^{iL dt} A)_m = A_{m+1}, and (e^{iL(dt-s)} p)_m = p(m dt + dt - s).
 * With f_n[m] = F^-(n dt) at origin m and kappa_n = kappa(n dt), the trapezoid rule over s
 * (s = 0: kappa_n p_{m+1}; s = dt: kappa_{n+1} p_m) gives the propagator
 *   f_0[m]     = F_m,
 *   f_{n+1}[m] = f_n[m+1] + (dt/2) (kappa_n p_{m+1} + kappa_{n+1} p_m),    m = 0..M-2-n.  (S2)
 * kappa_{n+1} = <F_m f_{n+1}[m]>/<p^2> appears on the right: averaging F_m times (S2),
 *   Cbar_{n+1} = [ <F_m f_n[m+1]> + (dt/2) kappa_n <F_m p_{m+1}> ]
 *                / [ 1 - (dt/2) <F_m p_m>/<p^2> ],                                       (S3)
 * solved exactly, after which (S2) updates f. Cbar_0 = <F F>. Every <.> is the average over
 * the origins m = 0..M-2-n of every trajectory (all components of all tagged particles, on
 * every rank of comm): the projection coefficients of S4-S7; <p^2> is over every sample.
 * With F and p taken at the same instant <F p> = d<p^2/2>/dt = 0 in equilibrium and the
 * denominator is 1 up to noise; it is kept as measured, which makes (S3) the exact average
 * of (S2) on the data (it matters when F_m is a step's mean force, as from a stochastic
 * integrator, where <F_m p_m> = -(dt/2)<F^2>). The trapezoid step has an O(dt^3) local error:
 * the propagator is second order.
 * Finally vtilde(0) = int_0^{t_cut} v(t) dt (trapezoid), compared in App. J with kB T/D: for a
 * free particle, D = kB T / int_0^inf v(t) dt. Cost: O(ncorr * nsteps * ntraj), memory one copy
 * of F. */
#include <inmvisc/transport.h>

PetscErrorCode InmMemoryKernel(MPI_Comm comm, PetscInt ntraj, PetscInt nsteps, const PetscReal F[], const PetscReal p[], PetscReal dt, PetscInt ncorr, PetscReal Cff[])
{
  const size_t J = (size_t)ntraj, total = J * (size_t)nsteps;
  PetscReal   *f, s[3] = {0, 0, 0}, p2, kap;

  PetscFunctionBegin;
  PetscCheck(ntraj >= 1 && dt > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "memory kernel: %" PetscInt_FMT " trajectories with dt = %g", ntraj, (double)dt);
  PetscCheck(ncorr >= 2 && ncorr < nsteps, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "memory kernel to %" PetscInt_FMT " lags from %" PetscInt_FMT " steps: need 2 <= ncorr < nsteps", ncorr, nsteps);
  for (size_t q = 0; q < total; q++) {
    PetscCheck(!PetscIsInfOrNanReal(F[q]) && !PetscIsInfOrNanReal(p[q]), PETSC_COMM_SELF, PETSC_ERR_FP, "memory kernel: trajectory %" PetscInt_FMT " at step %" PetscInt_FMT " has F = %g, p = %g", (PetscInt)(q % J), (PetscInt)(q / J), (double)F[q], (double)p[q]);
    s[0] += p[q] * p[q];
    s[1] += F[q] * F[q];
  }
  s[2] = (PetscReal)total;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, s, 3, MPIU_REAL, MPIU_SUM, comm));
  p2 = s[0] / s[2];
  PetscCheck(p2 > 0, comm, PETSC_ERR_ARG_WRONG, "memory kernel: every momentum is zero");
  Cff[0] = s[1] / s[2];
  kap    = Cff[0] / p2;
  PetscCall(PetscMalloc1(total, &f));
  PetscCall(PetscArraycpy(f, F, total));
  for (PetscInt n = 0; n + 1 < ncorr; n++) {
    const PetscInt norig = nsteps - 1 - n; /* origins m = 0..nsteps-2-n */
    PetscReal      a[4] = {0, 0, 0, (PetscReal)norig * ntraj}, denom, kap1;
    for (PetscInt m = 0; m < norig; m++) {
      const PetscReal *Fm = F + (size_t)m * J, *fm1 = f + (size_t)(m + 1) * J, *pm = p + (size_t)m * J, *pm1 = pm + J;
      for (size_t j = 0; j < J; j++) {
        a[0] += Fm[j] * fm1[j];
        a[1] += Fm[j] * pm1[j];
        a[2] += Fm[j] * pm[j];
      }
    }
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, a, 4, MPIU_REAL, MPIU_SUM, comm));
    denom = 1 - 0.5 * dt * a[2] / a[3] / p2;
    /* the implicit part is a small correction for any usable time step */
    PetscCheck(denom > 0.5, comm, PETSC_ERR_ARG_OUTOFRANGE, "memory kernel: dt <F p>/(2 <p^2>) = %g is not small; the time step %g is too coarse for this force and momentum", (double)(1 - denom), (double)dt);
    Cff[n + 1] = (a[0] / a[3] + 0.5 * dt * kap * a[1] / a[3]) / denom; /* (S3) */
    kap1       = Cff[n + 1] / p2;
    for (PetscInt m = 0; m < norig; m++) { /* (S2), in place: f_n[m+1] is read before row m+1 is overwritten */
      PetscReal       *fm = f + (size_t)m * J;
      const PetscReal *fm1 = fm + J, *pm = p + (size_t)m * J, *pm1 = pm + J;
      for (size_t j = 0; j < J; j++) fm[j] = fm1[j] + 0.5 * dt * (kap * pm1[j] + kap1 * pm[j]);
    }
    kap = kap1;
  }
  PetscCall(PetscFree(f));
  PetscFunctionReturn(0);
}

PetscErrorCode InmMemoryKernelIntegral(PetscInt ncorr, const PetscReal Cff[], PetscReal dt, PetscReal kT, PetscInt ncut, PetscReal *vtilde0, PetscReal running[])
{
  PetscReal *v, *run;

  PetscFunctionBegin;
  PetscCheck(kT > 0 && dt > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "memory kernel integral: need kB T > 0 and dt > 0 (got %g, %g)", (double)kT, (double)dt);
  PetscCheck(ncut >= 2 && ncut <= ncorr, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "memory kernel integral to lag %" PetscInt_FMT " of %" PetscInt_FMT ": need 2 <= ncut <= ncorr", ncut, ncorr);
  PetscCall(PetscMalloc2(ncorr, &v, ncorr, &run));
  for (PetscInt k = 0; k < ncorr; k++) v[k] = Cff[k] / kT;
  InmRunningIntegral(ncorr, v, dt, run);
  *vtilde0 = run[ncut - 1];
  if (running) PetscCall(PetscArraycpy(running, run, ncorr));
  PetscCall(PetscFree2(v, run));
  PetscFunctionReturn(0);
}
