package dev.neuralode.ode;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Program;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
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
  /** The captured f (compiled dynamics), or null. */
  private Program program;
  /** Whether f may be captured: it is {@link OdeFunction#traceable()} and no capture has failed. */
  private boolean capturable;
  /** The captured VJP of f with respect to y and the program's gradient constants, or null. */
  private Program vjp;
  /** Whether capturing the VJP failed (the recorded path then stays eager). */
  private boolean vjpFailed;

  Evaluator(OdeFunction f, Tensor y0) {
    this.f = f;
    this.shape = y0.shape();
    this.capturable = f.traceable();
  }

  /** f(t, y), checked; counts one evaluation. */
  Tensor eval(double t, Tensor y) {
    count++;
    if (capturable) {
      Tensor tt = Tensor.scalar(t);
      boolean recording = Autograd.isRecording();
      if (program == null) {
        try {
          // the capture runs f eagerly once (recording a graph if one is needed) and returns its value
          Program.Captured c = Program.capture(List.of(tt, y),
              in -> List.of(checked(t, f.apply(in.get(0), in.get(1)))));
          program = c.program();
          return c.outputs().get(0);
        } catch (Program.NotCapturable e) {
          capturable = false;
          return checked(t, f.apply(tt, y));
        }
      }
      if (!recording || !(y.requiresGrad() || program.constantsRequireGrad())) {
        return program.apply(tt, y).get(0);
      }
      Tensor r = recorded(t, tt, y);
      if (r != null) {
        return r;
      }
    }
    return checked(t, f.apply(Tensor.scalar(t), y));
  }

  /**
   * f(t, y) as one recorded node with compiled forward and backward passes (direct backpropagation
   * through the solver with compiled dynamics): the value is the forward program's; the node's VJP
   * replays a captured program of f's vector–Jacobian product with respect to y and every constant
   * that requires a gradient (the parameters f reads), instead of walking a graph of f's ops. When the
   * backward pass is itself recorded (higher-order gradients), the VJP is computed eagerly from a fresh
   * evaluation of f, so that it can be differentiated again. Null when the VJP cannot be captured.
   */
  private Tensor recorded(double t, Tensor tt, Tensor y) {
    List<Tensor> consts = program.gradientConstants();
    if (vjp == null && !vjpFailed) {
      try (Autograd.Scope s = Autograd.noGrad()) {
        Tensor probe = y.detach();
        vjp = Program.capture(List.of(tt, probe, probe.zerosLike()), in -> {
          try (Autograd.Scope g = Autograd.enableGrad()) {
            Tensor yy = in.get(1).detach().requireGrad();
            Tensor out = f.apply(in.get(0), yy);
            List<Tensor> wrt = new ArrayList<>(consts.size() + 1);
            wrt.add(yy);
            wrt.addAll(consts);
            return Autograd.grad(List.of(out), wrt, List.of(in.get(2)), false);
          }
        }).program();
      } catch (Program.NotCapturable e) {
        vjpFailed = true;
      }
    }
    if (vjp == null) {
      return null;
    }
    Tensor value = program.apply(tt, y).get(0);
    List<Tensor> inputs = new ArrayList<>(consts.size() + 1);
    inputs.add(y);
    inputs.addAll(consts);
    Program back = vjp;
    return Autograd.custom("compiled f", value, inputs, g -> {
      if (Autograd.isRecording()) { // createGraph: an eager VJP that can be differentiated again
        Tensor out = f.apply(Tensor.scalar(t), y);
        return Autograd.grad(List.of(out), inputs, List.of(g), true);
      }
      return back.apply(tt, y, g);
    });
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
