package dev.neuralode.ode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.testing.SharedData;

/** The right-hand sides of the problems in {@code reference/ode_reference.json}, in plain doubles. */
final class ReferenceProblems {
  private ReferenceProblems() {}

  /** The problem's f as described by its 'f' and 'params' entries. */
  static OdeFunction function(JsonNode problem) {
    String name = problem.get("name").asText();
    JsonNode p = problem.get("params");
    switch (name) {
      case "exponential_decay": {
        double k = p.get("k").asDouble();
        return map(y -> new double[] {-k * y[0]});
      }
      case "linear_spiral": {
        double[][] a = SharedData.matrix(p.get("A"));
        return map(z -> rowTimesTranspose(z, a));
      }
      case "gated_nonlinear_spiral": {
        double[] x0 = SharedData.doubles(p.get("x0"));
        double[][] a = SharedData.matrix(p.get("A"));
        double[][] b = SharedData.matrix(p.get("B"));
        return map(x -> {
          double s = x[0] * x0[0] + x[1] * x0[1];
          double[] u = rowTimesTranspose(new double[] {x[0] - x0[0], x[1] - x0[1]}, a);
          double[] v = rowTimesTranspose(new double[] {x[0] + x0[0], x[1] + x0[1]}, b);
          double gp = sigmoid(s);
          double gm = sigmoid(-s);
          return new double[] {gp * u[0] + gm * v[0], gp * u[1] + gm * v[1]};
        });
      }
      case "van_der_pol_mu1": {
        double mu = p.get("mu").asDouble();
        return map(y -> new double[] {y[1], mu * (1 - y[0] * y[0]) * y[1] - y[0]});
      }
      case "lotka_volterra": {
        double alpha = p.get("alpha").asDouble();
        double beta = p.get("beta").asDouble();
        double gamma = p.get("gamma").asDouble();
        double delta = p.get("delta").asDouble();
        return map(y -> new double[] {alpha * y[0] - beta * y[0] * y[1], delta * y[0] * y[1] - gamma * y[1]});
      }
      default:
        throw new IllegalArgumentException("no Java f for reference problem " + name);
    }
  }

  interface DoubleField {
    double[] apply(double[] y);
  }

  static OdeFunction map(DoubleField g) {
    return (t, y) -> Tensor.of(g.apply(y.toArray()), y.shape());
  }

  /** v @ Mᵀ for a row vector v: (v Mᵀ)_i = Σ_j M_ij v_j. */
  static double[] rowTimesTranspose(double[] v, double[][] m) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      double s = 0;
      for (int j = 0; j < v.length; j++) {
        s += m[i][j] * v[j];
      }
      out[i] = s;
    }
    return out;
  }

  static double sigmoid(double u) {
    return 1.0 / (1.0 + Math.exp(-u));
  }

  static JsonNode problem(JsonNode root, String name) {
    for (JsonNode p : root.get("problems")) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("reference problem " + name + " is not in ode_reference.json");
  }
}
