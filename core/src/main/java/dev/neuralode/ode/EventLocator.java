package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Finds the events of one accepted step on its dense output. Per step: g is sampled at m equally spaced
 * points θ_j = j/m (m the largest {@link Event#samples()}), every sign change between consecutive samples
 * that matches an event's direction is refined by the Illinois method (a regula falsi that halves the
 * retained end's value when the same end is kept twice; Dowell &amp; Jarratt, BIT 11 (1971) 168–174) to
 * the event's tolerance, and the roots are returned in time order. Keeps g's value at the end of the last
 * step, so that a zero exactly at a step boundary is counted once. Not thread-safe; one per solve.
 */
final class EventLocator {
  /** A root found in a step. */
  record Root(int index, double theta, double t) {}

  private final List<Event> events;
  private final double[] gPrev;
  private final int samples;

  EventLocator(List<Event> events, double t0, Tensor y0) {
    this.events = events;
    this.gPrev = new double[events.size()];
    int m = 1;
    for (int e = 0; e < events.size(); e++) {
      gPrev[e] = events.get(e).g().value(t0, y0);
      m = Math.max(m, events.get(e).samples());
    }
    this.samples = m;
  }

  /** Starts afresh at (t, y) after a reset of the state: g is re-evaluated there. */
  void restart(double t, Tensor y) {
    for (int e = 0; e < events.size(); e++) {
      gPrev[e] = events.get(e).g().value(t, y);
    }
  }

  boolean isEmpty() {
    return events.isEmpty();
  }

  Event event(int index) {
    return events.get(index);
  }

  /**
   * The roots in the step (t0, t0 + h], in time order.
   *
   * @param t0 the step's start
   * @param h the signed step size (t1 = t0 + h, with the end value exactly t1)
   * @param t1 the step's end
   * @param state the dense output: θ ↦ y(t0 + θh), θ ∈ [0, 1]
   * @return the roots, sorted by θ (ties by event index)
   */
  List<Root> locate(double t0, double h, double t1, DoubleFunction<Tensor> state) {
    int n = events.size();
    double[][] g = new double[n][samples + 1];
    for (int e = 0; e < n; e++) {
      g[e][0] = gPrev[e];
    }
    for (int j = 1; j <= samples; j++) {
      double theta = (double) j / samples;
      double t = j == samples ? t1 : t0 + theta * h;
      Tensor y = state.apply(theta);
      for (int e = 0; e < n; e++) {
        g[e][j] = events.get(e).g().value(t, y);
      }
    }
    List<Root> roots = new ArrayList<>();
    for (int e = 0; e < n; e++) {
      Event ev = events.get(e);
      for (int j = 0; j < samples; j++) {
        if (ev.direction().crosses(g[e][j], g[e][j + 1])) {
          double lo = (double) j / samples;
          double hi = (double) (j + 1) / samples;
          double theta = refine(ev, t0, h, state, lo, g[e][j], hi, g[e][j + 1], ev.tolerance() / Math.abs(h));
          roots.add(new Root(e, theta, theta == 1.0 ? t1 : t0 + theta * h));
        }
      }
      gPrev[e] = g[e][samples];
    }
    roots.sort(Comparator.comparingDouble(Root::theta).thenComparingInt(Root::index));
    return roots;
  }

  /**
   * Illinois iteration on [a, b] with g(a)·g(b) ≤ 0 and g(a) ≠ 0; returns the end of the final bracket on
   * b's side, so that g there already has the new sign (or is 0).
   */
  private static double refine(Event ev, double t0, double h, DoubleFunction<Tensor> state, double a, double fa,
      double b, double fb, double tolTheta) {
    if (fb == 0.0) {
      return b;
    }
    int side = 0;
    for (int it = 0; it < 200 && b - a > tolTheta; it++) {
      double c = (a * fb - b * fa) / (fb - fa);
      if (!(c > a && c < b) || it % 8 == 7) {
        c = 0.5 * (a + b); // safeguard: bisect on a stalled or degenerate secant
      }
      double fc = ev.g().value(t0 + c * h, state.apply(c));
      if (fc == 0.0) {
        return c;
      }
      if (Double.isNaN(fc)) {
        return b;
      }
      if ((fc > 0.0) == (fb > 0.0)) {
        b = c;
        fb = fc;
        if (side == -1) {
          fa *= 0.5;
        }
        side = -1;
      } else {
        a = c;
        fa = fc;
        if (side == 1) {
          fb *= 0.5;
        }
        side = 1;
      }
    }
    return b;
  }
}
