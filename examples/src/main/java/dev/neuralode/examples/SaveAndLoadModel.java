package dev.neuralode.examples;

import dev.neuralode.model.MlpSpec;
import dev.neuralode.model.SolverSpec;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Losses;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.optim.Adam;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.ParameterOptimizer;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Saves a trained model and loads it back, with {@code neuralode-core} alone. The core describes a
 * model as plain values (architecture {@link MlpSpec}, solver {@link SolverSpec}, flat parameters)
 * and holds no file format, so this example writes those values to a {@code .properties} file
 * (Java's {@link Double#toString} round-trips every double exactly). The CLI's {@code model.json}
 * is the same description in JSON; {@code neuralode predict} reads it.
 */
public final class SaveAndLoadModel {
  private SaveAndLoadModel() {}

  /**
   * Writes a network and its solver to a file.
   *
   * @param f the network
   * @param solver the solver's description
   * @param file the file to write
   * @throws IOException if the file cannot be written
   */
  // README:begin save
  static void save(Mlp f, SolverSpec solver, Path file) throws IOException {
    MlpSpec spec = MlpSpec.of(f);
    Properties p = new Properties();
    p.setProperty("in", Integer.toString(spec.in()));
    p.setProperty("hidden", Arrays.stream(spec.hidden()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
    p.setProperty("out", Integer.toString(spec.out()));
    p.setProperty("activation", spec.activation().name());
    p.setProperty("timeDependent", Boolean.toString(spec.timeDependent()));
    p.setProperty("method", solver.method());
    p.setProperty("rtol", Double.toString(solver.rtol()));
    p.setProperty("atol", Double.toString(solver.atol()));
    p.setProperty("parameters", Arrays.stream(f.flatParameters()).mapToObj(Double::toString)
        .collect(Collectors.joining(",")));
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, "neuralode MLP dynamics");
    }
  }

  static NeuralOde load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    String hidden = p.getProperty("hidden");
    MlpSpec spec = new MlpSpec(Integer.parseInt(p.getProperty("in")),
        hidden.isEmpty() ? new int[0] : Arrays.stream(hidden.split(",")).mapToInt(Integer::parseInt).toArray(),
        Integer.parseInt(p.getProperty("out")), Activation.valueOf(p.getProperty("activation")),
        Boolean.parseBoolean(p.getProperty("timeDependent")));
    double[] flat = Arrays.stream(p.getProperty("parameters").split(",")).mapToDouble(Double::parseDouble).toArray();
    SolverSpec solver = new SolverSpec(p.getProperty("method"), Double.parseDouble(p.getProperty("rtol")),
        Double.parseDouble(p.getProperty("atol")));
    return new NeuralOde(spec.build(flat), solver.toSolver(), Sensitivity.backsolveAdjoint());
  }
  // README:end save

  /**
   * Trains a network briefly, saves it, loads it and compares the two models' trajectories.
   *
   * @param file where to save
   * @param iterations training steps before saving
   * @return the largest difference between the original's and the loaded model's states (0: they
   *     agree bit for bit)
   * @throws IOException if the file cannot be written or read
   */
  public static double roundTrip(Path file, int iterations) throws IOException {
    Mlp f = Mlp.builder(2, 2).hidden(16, 16).activation(Activation.ELU).seed(0).build();
    SolverSpec solver = new SolverSpec("dopri5", 1e-7, 1e-9);
    NeuralOde original = new NeuralOde(f, solver.toSolver(), Sensitivity.backsolveAdjoint());
    double[] times = FitYourOwnArrays.times();
    double[][] y = FitYourOwnArrays.states(times);
    Tensor start = Tensor.matrix(new double[][] {y[0]});
    Tensor observed = Tensor.matrix(y).reshape(times.length, 1, 2);
    ParameterOptimizer opt = new ParameterOptimizer(f.parameters(), Adam.builder().lr(0.01).build());
    for (int it = 0; it < iterations; it++) {
      opt.step(Losses.mse(original.forward(start, times), observed));
    }
    save(f, solver, file);
    NeuralOde loaded = load(file);
    Tensor z0 = Tensor.matrix(new double[][] {{2, 0}, {0.5, -1}});
    double[] t = {0, 0.5, 1, 2};
    double[] a = Autograd.withoutGrad(() -> original.forward(z0, t).toArray());
    double[] b = Autograd.withoutGrad(() -> loaded.forward(z0, t).toArray());
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /** Where the example saves the model when no path is given, relative to the working directory. */
  public static final String DEFAULT_FILE = "runs/model.properties";

  /**
   * Runs the example: saves the model to the path given, or to {@value #DEFAULT_FILE} in the
   * working directory, reads it back and keeps the file.
   *
   * @param args the file to write (default: {@value #DEFAULT_FILE})
   * @param out where the report line goes
   * @return the file the model was saved to
   * @throws IOException if the file cannot be written or read
   */
  public static Path run(String[] args, java.io.PrintStream out) throws IOException {
    return run(args, out, Path.of(""));
  }

  /**
   * Runs the example as {@link #run(String[], java.io.PrintStream)} does, with the default file
   * under {@code workDir} instead of the working directory (for tests).
   *
   * @param args the file to write (default: {@value #DEFAULT_FILE} under {@code workDir})
   * @param out where the report line goes
   * @param workDir the directory that the default file is relative to
   * @return the file the model was saved to
   * @throws IOException if the file cannot be written or read
   */
  static Path run(String[] args, java.io.PrintStream out, Path workDir) throws IOException {
    Path file = args.length > 0 ? Path.of(args[0]) : workDir.resolve(DEFAULT_FILE);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    out.println("saved to " + file + " and loaded it back; the loaded model differs by "
        + roundTrip(file, 20));
    return file;
  }

  /**
   * Runs the example.
   *
   * @param args the file to write (default: {@value #DEFAULT_FILE} in the working directory)
   * @throws IOException if the file cannot be written or read
   */
  public static void main(String[] args) throws IOException {
    run(args, System.out);
  }
}
