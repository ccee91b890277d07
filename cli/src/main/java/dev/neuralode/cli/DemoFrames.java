package dev.neuralode.cli;

import dev.neuralode.data.TutorialSpirals;
import dev.neuralode.plot.AxisRange;
import dev.neuralode.plot.Panels;
import dev.neuralode.plot.SeriesPlot;
import dev.neuralode.plot.TrajectoryPlot;
import dev.neuralode.plot.VectorFieldPlot;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The frames of {@code neuralode demo}, as torchdiffeq's {@code ode_demo} draws them, three panels
 * side by side: the tutorial's phase portrait (observations coloured by time, the model's
 * trajectory from z₀), z₁(t) and z₂(t) against time (observations as dots, the model as lines),
 * and the learned vector field over the true one.
 */
final class DemoFrames {
  /** How long the GIF shows the final model before it loops, in milliseconds. */
  static final int LAST_FRAME_MILLIS = 2500;

  private static final int GRID = 15;
  private static final int HEIGHT = 480;

  private DemoFrames() {}

  /**
   * The phase portrait's title: what the picture shows, the drawn trajectory's RMSE against the
   * noise-free truth (not the loss of the iteration's random training window).
   *
   * @param label the demo's name
   * @param iteration the steps taken (0: the untrained model)
   * @param iterations the steps of the whole run
   * @param last whether this is the final model
   * @param rmse the drawn trajectory's RMSE against the truth
   * @return the title
   */
  static String title(String label, int iteration, int iterations, boolean last, double rmse) {
    return String.format(Locale.ROOT, "%s: iteration %d of %d%s, trajectory RMSE %.4f", label, iteration,
        iterations, last ? " (final)" : iteration == 0 ? " (untrained)" : "", rmse);
  }

  /**
   * Draws one frame.
   *
   * @param demo the running demo (data, model, true dynamics)
   * @param label the demo's name
   * @param iteration the steps taken
   * @param iterations the steps of the whole run
   * @param last whether this is the final model
   * @param trajectory the model's trajectory from z₀ at the data times, {@code [T][2]}
   * @param loss the last minibatch loss (not drawn: it describes a random window, not the picture; the
   *     title gives the drawn trajectory's RMSE against the noise-free truth instead)
   * @param xr the phase portrait's z₁ range
   * @param yr the phase portrait's z₂ range
   * @return the frame
   */
  static BufferedImage frame(SpiralDemo demo, String label, int iteration, int iterations, boolean last,
      double[][] trajectory, double loss, AxisRange xr, AxisRange yr) {
    double[] t = demo.data.t();
    double[][] obs = demo.data.observed();
    BufferedImage phase = TrajectoryPlot.builder()
        .title(title(label, iteration, iterations, last, demo.rmse(trajectory)))
        .axisLabels("z₁", "z₂")
        .observations(t, obs, "observations (colour: t)")
        .timeScale(new AxisRange(0, TutorialSpirals.T_MAX), "t")
        .line("model from z₀", trajectory, new Color(0x1f, 0x77, 0xb4))
        .ranges(xr, yr)
        .size(600, HEIGHT)
        .build().render();
    AxisRange zr = AxisRange.covering(0.05, new double[] {xr.lower(), xr.upper(), yr.lower(), yr.upper()});
    BufferedImage series = SeriesPlot.builder()
        .title("z₁(t), z₂(t): observations (dots) and model (lines)")
        .axisLabels("t", "z")
        .names(List.of("z₁", "z₂"))
        .data(t, obs)
        .model(t, trajectory)
        .legendByKind()
        .ranges(new AxisRange(0, TutorialSpirals.T_MAX), zr)
        .size(600, HEIGHT)
        .build().render();
    double[][] points = new double[GRID * GRID][];
    for (int i = 0; i < GRID; i++) {
      for (int j = 0; j < GRID; j++) {
        points[i * GRID + j] = new double[] {xr.lower() + (i + 0.5) * xr.width() / GRID,
            yr.lower() + (j + 0.5) * yr.width() / GRID};
      }
    }
    double[][][] f = demo.fields(points);
    BufferedImage field = VectorFieldPlot.render(points, f[0], f[1], xr, yr,
        Math.min(xr.width(), yr.width()) / GRID, "vector field: learned (blue), true (grey)", 520, HEIGHT);
    return Panels.row(List.of(phase, series, field));
  }
}
