package dev.neuralode.sensitivity;

import dev.neuralode.ode.StepInfo;
import java.util.Arrays;

/** The (t0, t1, h) of every accepted step of a forward solve, filled by its step callback: 3 doubles a step. */
final class StepRecord {
  private double[] t0 = new double[64];
  private double[] t1 = new double[64];
  private double[] h = new double[64];
  private int size;

  void accept(StepInfo s) {
    if (size == t0.length) {
      t0 = Arrays.copyOf(t0, 2 * size);
      t1 = Arrays.copyOf(t1, 2 * size);
      h = Arrays.copyOf(h, 2 * size);
    }
    t0[size] = s.t0();
    t1[size] = s.t1();
    h[size] = s.h();
    size++;
  }

  int size() {
    return size;
  }

  double[] t0() {
    return Arrays.copyOf(t0, size);
  }

  double[] t1() {
    return Arrays.copyOf(t1, size);
  }

  double[] h() {
    return Arrays.copyOf(h, size);
  }
}
