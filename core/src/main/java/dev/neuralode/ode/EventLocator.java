package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Finds the events of one accepted step on its dense output. Per step: g is sampled at m equally spaced
 * points θ_j = j/m (m the largest {@link Event#samples()}) and at 4m − 1 points; unless both show the
 * same, sparse sign changes, m is raised fourfold, up to {@value #MAX_SAMPLES} points, and a step
 * still unresolved there is reported by {@link #underResolvedAt()}), every sign change between
 * consecutive samples
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
  /** The most samples of g per step: the resolution is raised this far before warning. */
  static final int MAX_SAMPLES = 4096;
  /** How much the resolution grows each time sign changes are dense. */
  private static final int RESOLUTION_FACTOR = 4;
  private double[] underResolvedAt;

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
    // Sample at m and at 4m − 1 points: the same sign changes at both resolutions, sparse (under a
    // quarter of the intervals), means g is resolved and the m-point brackets are used as they
    // always were; more changes at 4m mean crossings hide between the m points (or alias), so the
    // resolution is raised, up to MAX_SAMPLES, beyond which the step is reported.
    int m = samples;
    double[][] g = sample(t0, h, t1, state, m);
    while (true) {
      // 4m − 1 points: not a multiple of m, so a period that aliases with the m-point spacing does
      // not also alias with the finer one.
      int fine = m * RESOLUTION_FACTOR - 1;
      double[][] gf = sample(t0, h, t1, state, fine);
      boolean same = true;
      boolean sparse = true;
      for (int e = 0; e < n; e++) {
        int coarse = signChanges(g[e], m);
        int finer = signChanges(gf[e], fine);
        same &= coarse == finer;
        sparse &= 4 * finer < fine;
      }
      if (same && sparse) {
        break;
      }
      m = fine;
      g = gf;
      if (m * RESOLUTION_FACTOR > MAX_SAMPLES) {
        if (underResolvedAt == null && !(sparse && same)) {
          underResolvedAt = new double[] {t0, t1};
        }
        break;
      }
    }
    int used = m;
    List<Root> roots = new ArrayList<>();
    for (int e = 0; e < n; e++) {
      Event ev = events.get(e);
      for (int j = 0; j < used; j++) {
        if (ev.direction().crosses(g[e][j], g[e][j + 1])) {
          double lo = (double) j / used;
          double hi = (double) (j + 1) / used;
          double theta = refine(ev, t0, h, state, lo, g[e][j], hi, g[e][j + 1], ev.tolerance() / Math.abs(h));
          roots.add(new Root(e, theta, theta == 1.0 ? t1 : t0 + theta * h));
        }
      }
      gPrev[e] = g[e][used];
    }
    roots.sort(Comparator.comparingDouble(Root::theta).thenComparingInt(Root::index));
    return roots;
  }

  /** g of every event at θ_j = j/m, j = 0..m; column 0 is the value kept from the last step. */
  private double[][] sample(double t0, double h, double t1, DoubleFunction<Tensor> state, int m) {
    int n = events.size();
    double[][] g = new double[n][m + 1];
    for (int e = 0; e < n; e++) {
      g[e][0] = gPrev[e];
    }
    for (int j = 1; j <= m; j++) {
      double theta = (double) j / m;
      double t = j == m ? t1 : t0 + theta * h;
      Tensor y = state.apply(theta);
      for (int e = 0; e < n; e++) {
        g[e][j] = events.get(e).g().value(t, y);
      }
    }
    return g;
  }

  private static int signChanges(double[] g, int m) {
    int count = 0;
    for (int j = 0; j < m; j++) {
      if (!Double.isNaN(g[j]) && !Double.isNaN(g[j + 1]) && (g[j] < 0.0) != (g[j + 1] < 0.0)) {
        count++;
      }
    }
    return count;
  }

  /**
   * The first step in which g changed sign in at least a quarter of the sample intervals even at
   * {@value #MAX_SAMPLES} samples, so that crossings may have been missed; null if none.
   *
   * @return {t0, t1} of that step, or null
   */
  double[] underResolvedAt() {
    return underResolvedAt == null ? null : underResolvedAt.clone();
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
