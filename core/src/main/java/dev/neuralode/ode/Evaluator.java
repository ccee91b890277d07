package dev.neuralode.ode;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Program;
import dev.neuralode.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Calls f for one solve: passes the time as a scalar tensor, counts evaluations and checks that every
 * result has the state's shape. Not thread-safe; one instance per solve.
 */
final class Evaluator {
  private final OdeFunction f;
  private final int[] shape;
  private int count;
  /** The captured f while not recording (compiled dynamics), or null. */
  private Program program;
  /** Whether f may be captured: it is {@link OdeFunction#traceable()} and no capture has failed. */
  private boolean capturable;

  Evaluator(OdeFunction f, Tensor y0) {
    this.f = f;
    this.shape = y0.shape();
    this.capturable = f.traceable();
  }

  /** f(t, y), checked; counts one evaluation. */
  Tensor eval(double t, Tensor y) {
    count++;
    // replay only where the eager f records nothing: recording off, or nothing it reads needs a gradient
    boolean recording = Autograd.isRecording();
    if (capturable && (!recording || !y.requiresGrad())) {
      Tensor tt = Tensor.scalar(t);
      if (program != null) {
        if (!recording || !program.constantsRequireGrad()) {
          return program.apply(tt, y).get(0);
        }
      } else {
        try {
          Program.Captured c = Program.capture(List.of(tt, y),
              in -> List.of(checked(t, f.apply(in.get(0), in.get(1)))));
          program = c.program();
          if (recording && program.constantsRequireGrad()) {
            capturable = false; // it reads parameters: while recording (direct mode) f stays eager
            program = null;
          }
          return c.outputs().get(0);
        } catch (Program.NotCapturable e) {
          capturable = false;
        }
      }
    }
    return checked(t, f.apply(Tensor.scalar(t), y));
  }

  /** The result of f at t, checked against the state's shape. */
  private Tensor checked(double t, Tensor out) {
    return checked(t, out, shape);
  }

  /** out, checked against the state's shape (the messages of every solve). */
  static Tensor checked(double t, Tensor out, int[] shape) {
    if (out == null) {
      throw new IllegalArgumentException("f returned null at t=" + t + "; f must return dy/dt of y's shape "
          + Arrays.toString(shape));
    }
    if (!sameShape(out, shape)) {
      throw new IllegalArgumentException("f returned shape " + Arrays.toString(out.shape()) + " but y has shape "
          + Arrays.toString(shape) + "; f must return one derivative per state entry (y's shape) at t=" + t);
    }
    return out;
  }

  private static boolean sameShape(Tensor out, int[] shape) {
    if (out.rank() != shape.length) {
      return false;
    }
    for (int i = 0; i < shape.length; i++) {
      if (out.dim(i) != shape[i]) {
        return false;
      }
    }
    return true;
  }

  /** The number of evaluations so far. */
  int count() {
    return count;
  }
}
