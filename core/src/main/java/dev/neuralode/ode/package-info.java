/**
 * Initial value problems y' = f(t, y): explicit Runge–Kutta solvers with adaptive step-size control,
 * dense output, and solves that autograd can differentiate through.
 *
 * <p>The entry point is {@link dev.neuralode.ode.Odeint#solve Odeint.solve(f, y0, t, solver)}, which
 * follows the semantics of torchdiffeq's {@code odeint}: the states come back at every requested
 * time, {@code t} may be decreasing (a backward solve), and the result carries solver statistics.
 *
 * <ul>
 *   <li>A {@link dev.neuralode.ode.Solver} is one immutable value: a {@link dev.neuralode.ode.Method}, a
 *       {@link dev.neuralode.ode.StepSizeController} and a step budget, built with
 *       {@code Solver.builder()} and passed unchanged through every solve and sensitivity method.
 *   <li>{@link dev.neuralode.ode.Methods} is the one registry of methods by name. Every explicit method is
 *       a {@link dev.neuralode.ode.ButcherTableau} run by one generic stepper: fixed-step euler, midpoint,
 *       heun2, heun3, ralston, rk4, rk38; adaptive fehlberg2, adaptive_heun, bosh3, dopri5, tsit5 and
 *       dopri8 (DOP853, whose second error estimate and three dense-output stages live in the tableau's
 *       {@link dev.neuralode.ode.ButcherTableau.Extension}); FSAL is derived from the coefficients.
 *   <li>Step-size control is separate from stepping. An {@link dev.neuralode.ode.AdaptiveController}
 *       owns the {@link dev.neuralode.ode.Tolerances} (rtol, atol, scalar or per component, and the
 *       {@link dev.neuralode.ode.ErrorNorm}: RMS, max or a seminorm), the first/min/max step and a
 *       {@link dev.neuralode.ode.StepSizeRule} that sees the error ratio and decides acceptance and the
 *       next step: {@link dev.neuralode.ode.IController} with torchdiffeq's defaults (safety 0.9, ifactor
 *       10, dfactor 0.2, no shrink after an accepted step) or {@link dev.neuralode.ode.PidController},
 *       Söderlind's PID controller (as Diffrax's), which with {@code hairer(β, p)} also reproduces the
 *       rules of Hairer's codes and scipy. {@link dev.neuralode.ode.JumpTimes} wraps it to stop at
 *       discontinuities of f; fixed-step methods take a {@link dev.neuralode.ode.ConstantStepSize}.
 *   <li>{@link dev.neuralode.ode.Odeint#solveDense Odeint.solveDense} returns a
 *       {@link dev.neuralode.ode.Solution} evaluable anywhere in the solved range; every solve accepts
 *       {@link dev.neuralode.ode.Event}s (located by the Illinois method on the dense output, reported as
 *       {@link dev.neuralode.ode.EventRecord}s, each with an {@link dev.neuralode.ode.EventHandler} that
 *       returns an {@link dev.neuralode.ode.EventAction}: stop, reset the state, or continue, as
 *       Hipparchus' event handlers) and {@link dev.neuralode.ode.StepCallbacks}.
 *   <li>The first step is chosen by the algorithm of Hairer, Nørsett &amp; Wanner, <i>Solving Ordinary
 *       Differential Equations I</i>, 2nd ed., Sec. II.4; the dense output is the order-4 continuous
 *       extension of Dormand–Prince (Hairer, Nørsett &amp; Wanner, Sec. II.6; Shampine 1986), Tsitouras'
 *       order-4 and DOP853's order-7 extensions, and the cubic Hermite interpolant otherwise.
 *   <li>Stiff problems: {@link dev.neuralode.ode.Kvaerno5} ({@code "kvaerno5"}, a {@link dev.neuralode.ode.Method.Esdirk}), an L-stable ESDIRK 5(4)
 *       (A. Kværnø, BIT 44 (2004) 489–502) with simplified Newton iterations on a Jacobian taken by
 *       autodiff and a small dense LU (Hairer &amp; Wanner, <i>Solving ODEs II</i>, IV.8).
 *   <li>Failures raise subclasses of {@link dev.neuralode.ode.OdeSolverException} that carry the time
 *       reached; a solve never hangs.
 *   <li>The flat engine: when nothing is recorded and f is traceable, explicit solves run on
 *       preallocated {@code double[]} (no tensor and no allocation per step), the same bits and
 *       statistics as the Tensor path; plain-array right-hand sides ({@link dev.neuralode.ode.FlatOde})
 *       solve through {@link dev.neuralode.ode.Odeint#solve(FlatOde, double[], int, double[], Solver)}
 *       and, with step-size control per row, {@link dev.neuralode.ode.Odeint#solveRows}.
 * </ul>
 *
 * <p>References: J. R. Dormand and P. J. Prince, "A family of embedded Runge–Kutta formulae", J. Comput.
 * Appl. Math. 6 (1980) 19–26; P. J. Prince and J. R. Dormand, "High order embedded Runge–Kutta
 * formulae", J. Comput. Appl. Math. 7 (1981) 67–75; Ch. Tsitouras, "Runge–Kutta pairs of order 5(4)
 * satisfying only the first column simplifying assumption", Comput. Math. Appl. 62 (2011) 770–775;
 * G. Söderlind, "Digital filters in adaptive time-stepping", ACM TOMS 29 (2003) 1–26; E. Hairer, S. P. Nørsett and G. Wanner, <i>Solving Ordinary Differential
 * Equations I: Nonstiff Problems</i>, Springer 1993; R. T. Q. Chen et al., "Neural Ordinary Differential
 * Equations", NeurIPS 2018 (torchdiffeq).
 */
package dev.neuralode.ode;
