package dev.neuralode.optim;

import dev.neuralode.nn.Linear;
import dev.neuralode.nn.Losses;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/** A noisy linear regression y = X w + b + noise and its closed-form least-squares solution. */
final class LeastSquares {
  static final int N = 64;
  static final int D = 3;
  final Tensor x;
  final Tensor y;
  /** The minimizer [w_1 … w_D, b] of the mean squared error, from the normal equations. */
  final double[] solution;

  LeastSquares(long seed) {
    Rng rng = new Rng(seed);
    x = rng.normal(N, D);
    double[] w = {1.5, -2.0, 0.5};
    double[] xs = x.toArray();
    double[] ys = new double[N];
    for (int i = 0; i < N; i++) {
      ys[i] = 0.7 + 0.1 * rng.normal();
      for (int j = 0; j < D; j++) {
        ys[i] += xs[i * D + j] * w[j];
      }
    }
    y = Tensor.of(ys, N, 1);
    solution = solveNormalEquations(xs, ys);
  }

  /** Mean squared error of the model on the data, as a scalar tensor recorded for autograd. */
  Tensor loss(Linear model) {
    return Losses.mse(model.forward(x), y);
  }

  /** The gradients of the loss with respect to the model's parameters. */
  List<Tensor> grads(Linear model) {
    return Autograd.grad(loss(model), model.parameterValues());
  }

  /** The model's [w_1 … w_D, b]: its weight [1, D] then its bias [1]. */
  static double[] coefficients(Linear model) {
    return model.flatParameters();
  }

  /** Solves (AᵀA) β = Aᵀy with A = [X, 1] by Gaussian elimination with partial pivoting. */
  private static double[] solveNormalEquations(double[] xs, double[] ys) {
    int p = D + 1;
    double[][] m = new double[p][p + 1];
    for (int i = 0; i < N; i++) {
      double[] a = new double[p];
      for (int j = 0; j < D; j++) {
        a[j] = xs[i * D + j];
      }
      a[D] = 1;
      for (int r = 0; r < p; r++) {
        for (int c = 0; c < p; c++) {
          m[r][c] += a[r] * a[c];
        }
        m[r][p] += a[r] * ys[i];
      }
    }
    for (int col = 0; col < p; col++) {
      int piv = col;
      for (int r = col + 1; r < p; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
          piv = r;
        }
      }
      double[] tmp = m[col];
      m[col] = m[piv];
      m[piv] = tmp;
      for (int r = col + 1; r < p; r++) {
        double f = m[r][col] / m[col][col];
        for (int c = col; c <= p; c++) {
          m[r][c] -= f * m[col][c];
        }
      }
    }
    double[] beta = new double[p];
    for (int r = p - 1; r >= 0; r--) {
      double s = m[r][p];
      for (int c = r + 1; c < p; c++) {
        s -= m[r][c] * beta[c];
      }
      beta[r] = s / m[r][r];
    }
    return beta;
  }
}
