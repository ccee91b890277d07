/**
 * Arithmetic expressions typed on the command line, evaluated with the core's tensor operations so
 * that autograd can differentiate them: {@link dev.neuralode.expr.Parser} (a recursive-descent
 * parser with exact error columns), {@link dev.neuralode.expr.Expr} (the tree),
 * {@link dev.neuralode.expr.Function} (sin, cos, exp, …) and {@link dev.neuralode.expr.OdeSystem}
 * (a system dy/dt = f(t, y) written as one expression per variable, used by
 * {@code neuralode solve}).
 *
 * <p>The notation follows ordinary mathematics and GNU plotutils' {@code ode}: {@code ^} is the
 * power and binds tighter than unary minus ({@code -x^2 = -(x^2)}).
 */
package dev.neuralode.expr;
