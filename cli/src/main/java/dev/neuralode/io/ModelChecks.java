package dev.neuralode.io;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.Parameter;
import dev.neuralode.tensor.Rng;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The consistency checks behind {@link ModelFile#validate(Path)}: each failure is an {@link
 * InputException} naming the file and the JSON field, e.g. {@code model.json: field
 * 'scaling.std' has 3 values but there are 2 columns; ...}.
 */
final class ModelChecks {

  private ModelChecks() {}

  static void validate(ModelFile m, Path file) {
    Objects.requireNonNull(file, "file");
    if (!ModelFile.FORMAT.equals(m.format())) {
      throw InputException.at(file, 0, "is not a neuralode model file (field 'format' is "
          + quoted(m.format()) + ", expected '" + ModelFile.FORMAT
          + "'); give a model.json written by 'neuralode fit'");
    }
    require(file, "version", m.version());
    if (m.version() != ModelFile.VERSION) {
      throw InputException.at(file, 0, "model format version " + m.version()
          + " is not supported; this neuralode reads version " + ModelFile.VERSION
          + "; refit the model with this version");
    }
    if (!ModelFile.KIND_ODE_MLP.equals(m.kind())) {
      throw InputException.at(file, 0, "model kind " + quoted(m.kind())
          + " is not supported here; supported kinds: " + ModelFile.KIND_ODE_MLP
          + (ModelFile.KIND_CNF.equals(m.kind()) ? " (a flow: use 'neuralode sample' or 'neuralode logp')" : ""));
    }
    validateOdeMlp(m, file);
  }

  private static void validateOdeMlp(ModelFile m, Path file) {
    List<String> columns = require(file, "columns", m.columns());
    if (columns.isEmpty()) {
      throw bad(file, "columns", "is empty; a model needs at least one state column");
    }
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      if (c == null || c.isEmpty() || !seen.add(c)) {
        throw bad(file, "columns", "holds an empty or repeated name " + quoted(c)
            + "; give distinct column names");
      }
    }
    int d = columns.size();
    require(file, "time_column", m.timeColumn());
    ModelFile.Scaling s = require(file, "scaling", m.scaling());
    finiteArray(file, "scaling.mean", require(file, "scaling.mean", s.mean()), d);
    double[] std = finiteArray(file, "scaling.std", require(file, "scaling.std", s.std()), d);
    for (int j = 0; j < d; j++) {
      if (!(std[j] > 0)) {
        throw bad(file, "scaling.std", "value " + std[j] + " for column '" + columns.get(j)
            + "' must be > 0");
      }
    }
    finite(file, "scaling.time_offset", require(file, "scaling.time_offset", s.timeOffset()));
    double scale = finite(file, "scaling.time_scale",
        require(file, "scaling.time_scale", s.timeScale()));
    if (!(scale > 0)) {
      throw bad(file, "scaling.time_scale", "is " + scale + " but must be > 0");
    }
    double t0 = finite(file, "t0", require(file, "t0", m.t0()));
    double tEnd = finite(file, "data_t_end", require(file, "data_t_end", m.dataTEnd()));
    if (!(tEnd > t0)) {
      throw bad(file, "data_t_end", "is " + tEnd + " but must be greater than t0 = " + t0);
    }
    finiteArray(file, "initial_state", require(file, "initial_state", m.initialState()), d);
    ModelFile.Solver solver = require(file, "solver", m.solver());
    require(file, "solver.method", solver.method());
    require(file, "solver.rtol", solver.rtol());
    require(file, "solver.atol", solver.atol());
    try {
      solver.toSolver();
    } catch (IllegalArgumentException e) {
      throw bad(file, "solver", "is invalid: " + e.getMessage());
    }
    Mlp expected = expectedMlp(m.architecture(), file, d);
    checkParameters(file, require(file, "parameters", m.parameters()), expected);
  }

  private static Mlp expectedMlp(ModelFile.Architecture a, Path file, int d) {
    require(file, "architecture", a);
    int in = require(file, "architecture.in", a.in());
    int out = require(file, "architecture.out", a.out());
    if (in != d || out != d) {
      throw bad(file, "architecture", "has in = " + in + " and out = " + out + " but there are "
          + d + " columns; both must equal the number of columns");
    }
    int[] hidden = require(file, "architecture.hidden", a.hidden());
    for (int w : hidden) {
      if (w < 1 || w > 100_000) {
        throw bad(file, "architecture.hidden", "holds width " + w
            + "; widths must be between 1 and 100000");
      }
    }
    Activation act;
    try {
      act = Activation.parse(require(file, "architecture.activation", a.activation()));
    } catch (IllegalArgumentException e) {
      throw bad(file, "architecture.activation", e.getMessage());
    }
    boolean td = Boolean.TRUE.equals(a.timeDependent());
    return new Mlp(in, hidden, out, act, td, new Rng(0));
  }

  private static void checkParameters(
      Path file, Map<String, ModelFile.ParameterData> stored, Mlp expected) {
    Map<String, Parameter> named = expected.namedParameters();
    for (String name : stored.keySet()) {
      if (!named.containsKey(name)) {
        throw bad(file, "parameters", "holds '" + name + "', which this architecture does not"
            + " have; expected " + String.join(", ", named.keySet()));
      }
    }
    for (Map.Entry<String, Parameter> e : named.entrySet()) {
      String field = "parameters." + e.getKey();
      ModelFile.ParameterData p = stored.get(e.getKey());
      if (p == null) {
        throw bad(file, "parameters", "lacks '" + e.getKey() + "', which the architecture needs");
      }
      int[] want = e.getValue().shape();
      int[] shape = require(file, field + ".shape", p.shape());
      if (!Arrays.equals(shape, want)) {
        throw bad(file, field + ".shape", "is " + Arrays.toString(shape)
            + " but the architecture needs " + Arrays.toString(want));
      }
      finiteArray(file, field + ".data", require(file, field + ".data", p.data()),
          e.getValue().size());
    }
  }

  private static <T> T require(Path file, String field, T value) {
    if (value == null) {
      throw InputException.at(file, 0, "field '" + field + "' is missing; was the file written"
          + " by 'neuralode fit'?");
    }
    return value;
  }

  private static double finite(Path file, String field, double value) {
    if (!Double.isFinite(value)) {
      throw bad(file, field, "is " + value + " but must be a finite number");
    }
    return value;
  }

  private static double[] finiteArray(Path file, String field, double[] values, int size) {
    if (values.length != size) {
      throw bad(file, field, "has " + values.length + " values but " + size + " are needed");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw bad(file, field, "value " + i + " is " + values[i] + " but must be finite");
      }
    }
    return values;
  }

  private static InputException bad(Path file, String field, String problem) {
    return InputException.at(file, 0, "field '" + field + "' " + problem
        + "; the model file is damaged or was edited, refit it with 'neuralode fit'");
  }

  private static String quoted(String s) {
    return s == null ? "missing" : "'" + s + "'";
  }
}
