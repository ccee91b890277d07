package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;

/**
 * An event that occurred during a solve.
 *
 * @param index the position of the event in the list given to the solve, from 0
 * @param t the time of the event (true time, also in a backward solve)
 * @param y the state at t from the dense output, of y0's shape
 */
public record EventRecord(int index, double t, Tensor y) {}
