package dev.neuralode.train;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TrainingListener} that keeps every {@link StepReport}, for loss curves and NFE figures
 * after a run. Never stops the loop. Not thread-safe.
 */
public final class TrainingHistory implements TrainingListener {
  private final List<StepReport> reports = new ArrayList<>();

  /** An empty history. */
  public TrainingHistory() {}

  /**
   * Appends the report. Modifies this history.
   *
   * @param report the iteration's report
   */
  @Override
  public void onStep(StepReport report) {
    reports.add(report);
  }

  /**
   * The reports so far.
   *
   * @return an unmodifiable copy, in iteration order
   */
  public List<StepReport> reports() {
    return List.copyOf(reports);
  }

  /**
   * The loss of every iteration so far (NaN for skipped ones).
   *
   * @return a new array, in iteration order
   */
  public double[] losses() {
    double[] out = new double[reports.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = reports.get(i).loss();
    }
    return out;
  }

  /**
   * One metric of every iteration so far.
   *
   * @param name the metric's name
   * @return a new array, in iteration order
   * @throws IllegalArgumentException if some iteration lacks the metric
   */
  public double[] metric(String name) {
    double[] out = new double[reports.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = reports.get(i).metric(name);
    }
    return out;
  }
}
