package dev.neuralode.tensor;

/**
 * The op table's group-normalisation and softmax cross-entropy entries: output-shape rule, forward
 * kernel in {@link NormKernels} and VJP in tensor operations (both ops are smooth, so their VJPs are
 * differentiable again).
 */
final class NormOps {
  private NormOps() {}

  /**
   * x̂ = (x − μ)/√(σ² + ε) per (image, group) of x {@code [N, C, ...]}; the VJP is
   * x̄ = (ȳ − mean(ȳ) − x̂·mean(ȳ·x̂))/√(σ² + ε), the means over the group (Wu &amp; He 2018).
   */
  static final OpRule GROUP_NORM = new OpRule((op, s) -> {
    if (s[0].length < 2 || s[0][0] < 1) {
      throw new IllegalArgumentException("groupNorm needs an input [N, C, ...] of rank ≥ 2; got " + Shape.str(s[0]));
    }
    if (op.groups() < 1 || s[0][1] % op.groups() != 0) {
      throw new IllegalArgumentException("groupNorm: groups must be ≥ 1 and divide the " + s[0][1]
          + " channels of " + Shape.str(s[0]) + "; got " + op.groups());
    }
    if (!(op.epsilon() > 0) || !Double.isFinite(op.epsilon())) {
      throw new IllegalArgumentException("groupNorm: eps must be a finite number > 0, e.g. 1e-5; got " + op.epsilon());
    }
    return s[0];
  }, (op, in, s, out) -> NormKernels.groupNorm(in[0], s[0][0], op.groups(), Shape.size(s[0]) / (s[0][0] * op.groups()),
      op.epsilon(), out), (op, x, y, g) -> {
        int[] shape = x[0].shapeRef();
        int n = shape[0];
        int groups = op.groups();
        Tensor xr = x[0].reshape(n, groups, -1);
        Tensor centred = xr.sub(xr.mean(2, true));
        Tensor rstd = centred.square().mean(2, true).add(op.epsilon()).pow(-0.5);
        Tensor xhat = y.reshape(n, groups, -1);
        Tensor gr = g.reshape(n, groups, -1);
        Tensor dx = gr.sub(gr.mean(2, true)).sub(xhat.mul(gr.mul(xhat).mean(2, true))).mul(rstd);
        return new Tensor[] {dx.reshape(shape)};
      });

  /**
   * loss[i] = log Σ_j e^{z[i, j]} − z[i, label[i]] for logits z {@code [N, K]}; output {@code [N]}. The
   * VJP is z̄ = (softmax(z) − onehot(label))·ℓ̄[:, None], the softmax formed from e^{z − max} with the
   * row maximum held constant (softmax does not depend on it).
   */
  static final OpRule SOFTMAX_CROSS_ENTROPY = new OpRule((op, s) -> {
    int[] labels = op.labels();
    if (s[0].length != 2 || s[0][0] != labels.length) {
      throw new IllegalArgumentException("softmaxCrossEntropy needs logits [N, K] with N = " + labels.length
          + " (one row per label); got " + Shape.str(s[0]));
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= s[0][1]) {
        throw new IllegalArgumentException("softmaxCrossEntropy: labels[" + i + "] = " + labels[i]
            + " is not a class index in [0, " + s[0][1] + ")");
      }
    }
    return new int[] {s[0][0]};
  }, (op, in, s, out) -> NormKernels.softmaxCrossEntropy(in[0], s[0][0], s[0][1], op.labelsRef(), out),
      (op, x, y, g) -> {
        int n = x[0].shapeRef()[0];
        int k = x[0].shapeRef()[1];
        double[] max = new double[n];
        NormKernels.rowMax(Tracer.reading(x[0], x[0].data()), n, k, max); // a capture cannot replay it
        Tensor e = x[0].sub(Tensor.wrap(max, n, 1)).exp();
        Tensor softmax = e.div(e.sum(1, true));
        double[] onehot = new double[n * k];
        int[] labels = op.labelsRef();
        for (int i = 0; i < n; i++) {
          onehot[i * k + labels[i]] = 1.0;
        }
        return new Tensor[] {softmax.sub(Tensor.wrap(onehot, n, k)).mul(g.reshape(n, 1))};
      });
}
