/**
 * Initial value problems y' = f(t, y): explicit Runge–Kutta solvers with adaptive step-size control,
 * dense output, and solves that autograd can differentiate through.
 *
 * <p>The entry point is {@link dev.neuralode.ode.Odeint#solve Odeint.solve(f, y0, t, options)}, which
 * follows the semantics of torchdiffeq's {@code odeint}: the states come back at every requested
 * time, {@code t} may be decreasing (a backward solve), and the result carries solver statistics.
 *
 * <ul>
 *   <li>Every method is a {@link dev.neuralode.ode.ButcherTableau} in {@link dev.neuralode.ode.Tableaus}
 *       (Euler, explicit midpoint, classic RK4, Dormand–Prince 5(4)), run by one generic stepper.
 *   <li>Step-size control is separate from stepping: a {@link dev.neuralode.ode.StepSizeController}
 *       ({@link dev.neuralode.ode.IController}) sees the error ratio and decides acceptance and the next
 *       step, with torchdiffeq's defaults (safety 0.9, ifactor 10, dfactor 0.2, no shrink after an
 *       accepted step).
 *   <li>The first step is chosen by the algorithm of Hairer, Nørsett &amp; Wanner, <i>Solving Ordinary
 *       Differential Equations I</i>, 2nd ed., Sec. II.4; the dense output is the order-4 continuous
 *       extension of Dormand–Prince (Hairer, Nørsett &amp; Wanner, Sec. II.6; Shampine 1986).
 *   <li>Failures raise subclasses of {@link dev.neuralode.ode.OdeSolverException} that carry the time
 *       reached; a solve never hangs.
 * </ul>
 *
 * <p>References: J. R. Dormand and P. J. Prince, "A family of embedded Runge–Kutta formulae", J. Comput.
 * Appl. Math. 6 (1980) 19–26; E. Hairer, S. P. Nørsett and G. Wanner, <i>Solving Ordinary Differential
 * Equations I: Nonstiff Problems</i>, Springer 1993; R. T. Q. Chen et al., "Neural Ordinary Differential
 * Equations", NeurIPS 2018 (torchdiffeq).
 */
package dev.neuralode.ode;
