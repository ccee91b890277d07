package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;

/**
 * Decides what happens when an {@link Event} occurs (Hipparchus' {@code ODEEventHandler}): called once per
 * located event with its time and state, it returns an {@link EventAction}. Handlers must not modify y;
 * they may be called from the thread running the solve only.
 */
@FunctionalInterface
public interface EventHandler {
  /** Always stops the solve: a terminal event. */
  EventHandler STOP = (t, y) -> EventAction.STOP;

  /** Always continues: the event is only recorded. */
  EventHandler CONTINUE = (t, y) -> EventAction.CONTINUE;

  /**
   * Handles an event.
   *
   * @param t the event time (true time, also in a backward solve)
   * @param y the state at t from the dense output, of y0's shape; not to be modified
   * @return the action; null is read as {@link EventAction#CONTINUE}
   */
  EventAction onEvent(double t, Tensor y);
}
