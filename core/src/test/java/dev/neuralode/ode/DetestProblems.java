package dev.neuralode.ode;

/**
 * The right-hand sides of the 25 DETEST problems (Hull, Enright, Fellen &amp; Sedgwick, SIAM J. Numer.
 * Anal. 9 (1972) 603–637; classes A–E as in Enright &amp; Pryce's Toronto test set), written from the
 * equation strings of {@code reference/detest_reference.json}, in plain doubles.
 */
final class DetestProblems {
  private DetestProblems() {}

  /** f(t, y) into dy. */
  interface Rhs {
    void eval(double t, double[] y, double[] dy);
  }

  static Rhs of(String id) {
    switch (id) {
      case "A1": return (t, y, d) -> d[0] = -y[0];
      case "A2": return (t, y, d) -> d[0] = -y[0] * y[0] * y[0] / 2.0;
      case "A3": return (t, y, d) -> d[0] = y[0] * Math.cos(t);
      case "A4": return (t, y, d) -> d[0] = y[0] / 4.0 * (1.0 - y[0] / 20.0);
      case "A5": return (t, y, d) -> d[0] = (y[0] - t) / (y[0] + t);
      case "B1": return (t, y, d) -> {
        d[0] = 2.0 * (y[0] - y[0] * y[1]);
        d[1] = -(y[1] - y[0] * y[1]);
      };
      case "B2": return (t, y, d) -> {
        d[0] = -y[0] + y[1];
        d[1] = y[0] - 2.0 * y[1] + y[2];
        d[2] = y[1] - y[2];
      };
      case "B3": return (t, y, d) -> {
        d[0] = -y[0];
        d[1] = y[0] - y[1] * y[1];
        d[2] = y[1] * y[1];
      };
      case "B4": return (t, y, d) -> {
        double r = Math.sqrt(y[0] * y[0] + y[1] * y[1]);
        d[0] = -y[1] - y[0] * y[2] / r;
        d[1] = y[0] - y[1] * y[2] / r;
        d[2] = y[0] / r;
      };
      case "B5": return (t, y, d) -> {
        d[0] = y[1] * y[2];
        d[1] = -y[0] * y[2];
        d[2] = -0.51 * y[0] * y[1];
      };
      case "C1": return (t, y, d) -> {
        d[0] = -y[0];
        for (int i = 1; i < 9; i++) {
          d[i] = y[i - 1] - y[i];
        }
        d[9] = y[8];
      };
      case "C2": return (t, y, d) -> {
        d[0] = -y[0];
        for (int i = 1; i < 9; i++) {
          d[i] = i * y[i - 1] - (i + 1) * y[i];
        }
        d[9] = 9.0 * y[8];
      };
      case "C3": return DetestProblems::tridiagonal;
      case "C4": return DetestProblems::tridiagonal;
      case "C5": return DetestProblems::fiveBody;
      case "D1": case "D2": case "D3": case "D4": case "D5": return (t, y, d) -> {
        double r = Math.sqrt(y[0] * y[0] + y[1] * y[1]);
        double r3 = r * r * r;
        d[0] = y[2];
        d[1] = y[3];
        d[2] = -y[0] / r3;
        d[3] = -y[1] / r3;
      };
      case "E1": return (t, y, d) -> {
        d[0] = y[1];
        d[1] = -(y[1] / (t + 1.0) + (1.0 - 0.25 / ((t + 1.0) * (t + 1.0))) * y[0]);
      };
      case "E2": return (t, y, d) -> {
        d[0] = y[1];
        d[1] = (1.0 - y[0] * y[0]) * y[1] - y[0];
      };
      case "E3": return (t, y, d) -> {
        d[0] = y[1];
        d[1] = y[0] * y[0] * y[0] / 6.0 - y[0] + 2.0 * Math.sin(2.78535 * t);
      };
      case "E4": return (t, y, d) -> {
        d[0] = y[1];
        d[1] = 0.032 - 0.4 * y[1] * y[1];
      };
      case "E5": return (t, y, d) -> {
        d[0] = y[1];
        d[1] = Math.sqrt(1.0 + y[1] * y[1]) / (25.0 - t);
      };
      default:
        throw new IllegalArgumentException("no DETEST problem " + id);
    }
  }

  /** y1' = −2y1 + y2, yi' = y(i−1) − 2yi + y(i+1), yn' = y(n−1) − 2yn (C3 with n = 10, C4 with n = 51). */
  private static void tridiagonal(double t, double[] y, double[] d) {
    int n = y.length;
    for (int i = 0; i < n; i++) {
      double left = i > 0 ? y[i - 1] : 0.0;
      double right = i < n - 1 ? y[i + 1] : 0.0;
      d[i] = left - 2.0 * y[i] + right;
    }
  }

  private static final double K2 = 2.95912208286;
  private static final double M0 = 1.00000597682;
  private static final double[] M = {.954786104043e-3, .285583733151e-3, .437273164546e-4, .517759138449e-4,
      .277777777778e-5};

  /**
   * C5, the five outer planets about the Sun, heliocentric: q_i'' = k2·(−(m0 + m_i)·q_i/r_i³
   * + Σ_{j≠i} m_j·((q_j − q_i)/d_ij³ − q_j/r_j³)); state = 15 positions (body-major x, y, z), 15 velocities.
   */
  private static void fiveBody(double t, double[] y, double[] d) {
    double[] r3 = new double[5];
    for (int i = 0; i < 5; i++) {
      double x = y[3 * i];
      double yy = y[3 * i + 1];
      double z = y[3 * i + 2];
      double r = Math.sqrt(x * x + yy * yy + z * z);
      r3[i] = r * r * r;
    }
    for (int i = 0; i < 15; i++) {
      d[i] = y[15 + i];
    }
    for (int i = 0; i < 5; i++) {
      for (int k = 0; k < 3; k++) {
        double qi = y[3 * i + k];
        double acc = -(M0 + M[i]) * qi / r3[i];
        for (int j = 0; j < 5; j++) {
          if (j == i) {
            continue;
          }
          double dx = y[3 * i] - y[3 * j];
          double dy = y[3 * i + 1] - y[3 * j + 1];
          double dz = y[3 * i + 2] - y[3 * j + 2];
          double dij = Math.sqrt(dx * dx + dy * dy + dz * dz);
          double qj = y[3 * j + k];
          acc += M[j] * ((qj - qi) / (dij * dij * dij) - qj / r3[j]);
        }
        d[15 + 3 * i + k] = K2 * acc;
      }
    }
  }

  /** The problem as an {@link OdeFunction} on a 1-D state. */
  static OdeFunction function(String id) {
    Rhs rhs = of(id);
    return (t, y) -> {
      double[] v = y.toArray();
      double[] out = new double[v.length];
      rhs.eval(t.item(), v, out);
      return dev.neuralode.tensor.Tensor.of(out, v.length);
    };
  }
}
