package dev.neuralode.bench;

import dev.neuralode.data.TutorialSpirals;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.Parameter;
import dev.neuralode.tensor.Rng;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tutorial's nonlinear experiment as plain data, shared by every implementation of P1 so that
 * all of them do the same work: the noisy observations of the gated spiral, the minibatch windows
 * of every iteration and the initial MLP 2-16-16-2 parameters, drawn exactly as
 * {@code neuralode demo nonlinear --seed S} draws them (root seed split into noise, init, windows).
 *
 * @param t the 200 observation times
 * @param observed the noisy observations {@code [200][2]}
 * @param windows for each iteration, the sorted observation indices of its minibatch (at least 2)
 * @param params the initial parameters in {@code Mlp.parameters()} order: W1 [16,2], b1 [16], W2
 *     [16,16], b2 [16], W3 [2,16], b3 [2], each row-major
 * @param shapes the shape of each parameter
 */
public record Tutorial(double[] t, double[][] observed, int[][] windows, double[][] params,
    int[][] shapes) {

  /** Euler's step, as the demo's {@code --step-size} default. */
  public static final double STEP = 0.05;
  /** Adam's learning rate, as the demo's default for the nonlinear experiment. */
  public static final double LR = 0.001;
  /** The most observation points in a minibatch window. */
  public static final int WINDOW = 32;

  /**
   * Draws the experiment.
   *
   * @param seed the demo's seed
   * @param iterations the number of iterations (windows) to draw; at least 1
   * @return the data
   */
  public static Tutorial create(long seed, int iterations) {
    Rng root = new Rng(seed);
    Rng noise = root.split();
    Rng init = root.split();
    Rng rng = root.split();
    TutorialSpirals.Observations data = TutorialSpirals.observe(TutorialSpirals.gatedSpiral(), noise);
    Mlp mlp = new Mlp(2, new int[] {16, 16}, 2, Activation.ELU, false, init);
    List<double[]> windows = new ArrayList<>();
    while (windows.size() < iterations) {
      int[] idx = TutorialSpirals.randomWindow(data.t(), WINDOW, rng);
      if (idx.length >= 2) { // the demo skips shorter windows without a gradient step
        windows.add(toDoubles(idx));
      }
    }
    int[][] w = new int[iterations][];
    for (int i = 0; i < iterations; i++) {
      double[] d = windows.get(i);
      w[i] = new int[d.length];
      for (int k = 0; k < d.length; k++) {
        w[i][k] = (int) d[k];
      }
    }
    List<Parameter> ps = mlp.parameters();
    double[][] params = new double[ps.size()][];
    int[][] shapes = new int[ps.size()][];
    for (int i = 0; i < ps.size(); i++) {
      params[i] = ps.get(i).value().toArray();
      shapes[i] = ps.get(i).shape();
    }
    return new Tutorial(data.t(), data.observed(), w, params, shapes);
  }

  private static double[] toDoubles(int[] idx) {
    double[] d = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      d[i] = idx[i];
    }
    return d;
  }

  /**
   * The number of Euler steps of one iteration: each interval between consecutive window times is
   * split into ceil(Δt / h) equal steps (as the library's fixed-grid solver does).
   *
   * @param iteration the iteration
   * @return the steps
   */
  public int steps(int iteration) {
    int[] idx = windows[iteration];
    int n = 0;
    for (int k = 0; k + 1 < idx.length; k++) {
      n += stepsOver(t[idx[k + 1]] - t[idx[k]]);
    }
    return n;
  }

  /**
   * ceil(span / h), at least 1, as the library's fixed-grid solver counts steps.
   *
   * @param span the interval's length
   * @return the number of equal steps
   */
  public static int stepsOver(double span) {
    double q = span / STEP;
    long k = Math.max(1L, (long) Math.ceil(q));
    if (k > 1 && q <= (k - 1) * (1.0 + 1e-12)) {
      k--;
    }
    return (int) k;
  }

  /**
   * The total Euler steps of all iterations.
   *
   * @return the sum of {@link #steps(int)}
   */
  public long totalSteps() {
    long n = 0;
    for (int i = 0; i < windows.length; i++) {
      n += steps(i);
    }
    return n;
  }

  /**
   * Writes the experiment as text for the numpy implementation: a line {@code t ...}, 200 lines
   * {@code obs x y}, one line per parameter {@code param rows cols v...} and one line per
   * iteration {@code window i...}, all numbers in Java's shortest round-trip form.
   *
   * @param file the file; replaced
   * @throws IOException if it cannot be written
   */
  public void write(Path file) throws IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      StringBuilder sb = new StringBuilder("t");
      for (double v : t) {
        sb.append(' ').append(v);
      }
      out.println(sb);
      for (double[] o : observed) {
        out.println("obs " + o[0] + " " + o[1]);
      }
      for (int i = 0; i < params.length; i++) {
        sb = new StringBuilder("param " + shapes[i][0] + " " + (shapes[i].length > 1 ? shapes[i][1] : 0));
        for (double v : params[i]) {
          sb.append(' ').append(v);
        }
        out.println(sb);
      }
      for (int[] w : windows) {
        sb = new StringBuilder("window");
        for (int v : w) {
          sb.append(' ').append(v);
        }
        out.println(sb);
      }
    }
  }
}
