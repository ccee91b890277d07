package dev.neuralode.examples;

import dev.neuralode.ode.Event;
import dev.neuralode.ode.EventAction;
import dev.neuralode.ode.EventRecord;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * Solves an ODE with events, as scipy's {@code solve_ivp(events=...)}: a ball dropped from 10 m,
 * h' = v, v' = −9.81. A terminal event stops the solve when it lands; a second solve lets it
 * bounce, restarting from the event with the velocity reversed and scaled by 0.8.
 */
public final class SolveWithEvents {
  private SolveWithEvents() {}

  /**
   * Drops the ball and stops when it lands.
   *
   * @return the solve, whose single event is the landing (t = √(2·10/9.81) ≈ 1.428 s)
   */
  public static OdeResult drop() {
    // README:begin events
    OdeFunction ball = (t, y) -> Tensor.vector(y.toArray()[1], -9.81);   // y = [h, v]
    Event landing = Event.of((t, y) -> y.toArray()[0]).falling().asTerminal();
    double[] times = new double[31];
    for (int i = 0; i < times.length; i++) {
      times[i] = 0.1 * i;
    }
    OdeResult r = Odeint.solve(ball, Tensor.vector(10, 0), times, Solver.defaults(), List.of(landing));
    // r.status() == TERMINATED_BY_EVENT; r.events().get(0).t() is the landing time
    // README:end events
    return r;
  }

  /**
   * Lets the ball bounce for four seconds.
   *
   * @return the solve, with one event per bounce
   */
  public static OdeResult bounce() {
    OdeFunction ball = (t, y) -> Tensor.vector(y.toArray()[1], -9.81);
    Event bounce = Event.of((t, y) -> y.toArray()[0]).falling()
        .withHandler((t, y) -> EventAction.resetState(Tensor.vector(0, -0.8 * y.toArray()[1])));
    double[] times = {0, 1, 2, 3, 4};
    return Odeint.solve(ball, Tensor.vector(10, 0), times, Solver.defaults(), List.of(bounce));
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    OdeResult r = drop();
    EventRecord landed = r.events().get(0);
    System.out.printf("landed at t = %.6f s with v = %.4f m/s (%s)%n", landed.t(), landed.y().toArray()[1],
        r.status());
    for (EventRecord e : bounce().events()) {
      System.out.printf("bounce at t = %.6f s%n", e.t());
    }
  }
}
