package dev.neuralode.latent;

import dev.neuralode.tensor.Tensor;
import java.util.Arrays;

/**
 * A batch of irregularly sampled series on the union of their observation times, as Rubanova, Chen
 * &amp; Duvenaud ("Latent ODEs for Irregularly-Sampled Time Series", NeurIPS 2019) batch them: every
 * series has a value slot at every time of the grid and a mask that says which slots were observed.
 *
 * <p>Masked slots are set to 0 on construction, so a missing value written as NaN, or any other
 * number, never reaches a model or a loss: results do not depend on masked entries, bit for bit.
 *
 * @param times the grid t₀ &lt; t₁ &lt; … &lt; t_{T−1}; copied
 * @param values the observations {@code [T, batch, D]}, masked slots zeroed
 * @param mask 1 where observed, 0 where missing, {@code [T, batch, D]}
 */
public record IrregularBatch(double[] times, Tensor values, Tensor mask) {

  /**
   * Checks the batch and zeroes the masked slots.
   *
   * @param times see the record's description
   * @param values see the record's description
   * @param mask see the record's description
   * @throws IllegalArgumentException if the times are not finite and strictly increasing, the shapes
   *     differ or are not {@code [T, batch, D]}, a mask entry is not 0 or 1, or an observed value is
   *     not finite
   */
  public IrregularBatch {
    if (times == null || times.length < 1) {
      throw new IllegalArgumentException("times must hold at least one time; got "
          + (times == null ? "null" : "none"));
    }
    times = times.clone();
    for (int i = 0; i < times.length; i++) {
      if (!Double.isFinite(times[i]) || (i > 0 && !(times[i] > times[i - 1]))) {
        throw new IllegalArgumentException("times must be finite and strictly increasing; times[" + i + "]="
            + times[i] + (i > 0 ? " after " + times[i - 1] : ""));
      }
    }
    if (values == null || mask == null || values.rank() != 3 || !Arrays.equals(values.shape(), mask.shape())
        || values.dim(0) != times.length) {
      throw new IllegalArgumentException("values and mask must both be [T, batch, D] with T = " + times.length
          + "; got values " + (values == null ? "null" : Arrays.toString(values.shape())) + " and mask "
          + (mask == null ? "null" : Arrays.toString(mask.shape())));
    }
    double[] v = values.toArray();
    double[] m = mask.toArray();
    for (int i = 0; i < m.length; i++) {
      if (m[i] != 0.0 && m[i] != 1.0) {
        throw new IllegalArgumentException("mask entries must be 0 or 1; got " + m[i] + " at flat index " + i);
      }
      if (m[i] == 0.0) {
        v[i] = 0.0;
      } else if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException("observed value at flat index " + i + " is " + v[i]
            + "; mark missing values with mask 0");
      }
    }
    values = Tensor.of(v, values.shape());
    mask = Tensor.of(m, mask.shape());
  }

  /**
   * A batch whose missing values are NaN: the mask is 1 wherever a value is finite.
   *
   * @param times the grid
   * @param values {@code [T, batch, D]} with NaN for missing
   * @return the batch
   * @throws IllegalArgumentException as the constructor does
   */
  public static IrregularBatch fromNaN(double[] times, Tensor values) {
    if (values == null) {
      throw new IllegalArgumentException("values is null");
    }
    double[] v = values.toArray();
    double[] m = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      m[i] = Double.isNaN(v[i]) ? 0.0 : 1.0;
    }
    return new IrregularBatch(times, values, Tensor.of(m, values.shape()));
  }

  /**
   * The grid times.
   *
   * @return a copy of the times, strictly increasing
   */
  @Override
  public double[] times() {
    return times.clone();
  }

  /**
   * The number of grid times.
   *
   * @return T
   */
  public int length() {
    return times.length;
  }

  /**
   * The number of series.
   *
   * @return batch
   */
  public int batchSize() {
    return values.dim(1);
  }

  /**
   * The number of observed components.
   *
   * @return D
   */
  public int dim() {
    return values.dim(2);
  }

  /**
   * The series with the given indices, on the same grid.
   *
   * @param rows indices into the batch; not modified
   * @return a new batch
   * @throws IllegalArgumentException if an index is out of range
   */
  public IrregularBatch select(int[] rows) {
    int t = length();
    int b = batchSize();
    int d = dim();
    double[] v = values.toArray();
    double[] m = mask.toArray();
    double[] sv = new double[t * rows.length * d];
    double[] sm = new double[sv.length];
    for (int k = 0; k < rows.length; k++) {
      if (rows[k] < 0 || rows[k] >= b) {
        throw new IllegalArgumentException("rows[" + k + "]=" + rows[k] + " is outside [0, " + b + ")");
      }
      for (int i = 0; i < t; i++) {
        System.arraycopy(v, (i * b + rows[k]) * d, sv, (i * rows.length + k) * d, d);
        System.arraycopy(m, (i * b + rows[k]) * d, sm, (i * rows.length + k) * d, d);
      }
    }
    return new IrregularBatch(times, Tensor.of(sv, t, rows.length, d), Tensor.of(sm, t, rows.length, d));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IrregularBatch other && Arrays.equals(times, other.times)
        && Arrays.equals(values.toArray(), other.values.toArray()) && Arrays.equals(mask.toArray(), other.mask.toArray());
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(times) + Arrays.hashCode(values.toArray());
  }

  @Override
  public String toString() {
    return "IrregularBatch[T=" + length() + ", batch=" + batchSize() + ", D=" + dim() + "]";
  }
}
