package dev.neuralode.tensor;

/**
 * Elementary functions written in Java, for the activations evaluated millions of times per training
 * run. On JDK 17, {@link Math#tanh} and {@link Math#expm1} are calls into native fdlibm (about 20–30
 * ns each); these stay in compiled Java code and use only {@link Math#exp} (a JIT intrinsic) and
 * basic arithmetic, about 3× faster.
 *
 * <p>Each function is a pure function of its argument: the same input gives the same bits on every
 * thread, every run and every number of threads. Against the exact value (200-bit mpmath reference
 * values in the tests), {@link #tanh} is within 1 ulp and {@link #expm1} within 1 ulp; on the same
 * sample, fdlibm's {@code StrictMath.tanh} reaches 2.06 ulp. They differ from {@link Math}'s results in
 * the last bit or two for some inputs, so every part of the library that evaluates tanh or expm1 calls
 * these, and no result depends on which code path computed it.
 *
 * <p>Methods:
 * <ul>
 *   <li>tanh: for |x| &lt; 0.8, the convergent of order 9 of Lambert's continued fraction
 *       tanh x = x/(1 + x²/(3 + x²/(5 + …))) (Lambert 1768; see Cuyt et al., <i>Handbook of
 *       Continued Fractions for Special Functions</i>, 2008, eq. 11.5.1), written as
 *       x − x·s·D(s)/Q(s) with s = x² and integer coefficients, so that the rounding errors fall on the
 *       small correction; its truncation error is below 10⁻¹⁹ relative on that range. Above, 1 −
 *       2/(e^{2|x|} + 1), and ±1 for |x| &gt; 22, where tanh rounds to ±1.</li>
 *   <li>expm1: for |x| ≤ ln2/2, e^x − 1 = 2t/(1 − t) with t = tanh(x/2) from the same continued
 *       fraction (one division: x·P/(Q − (x/2)·P) in correction form); above, Cody–Waite reduction x =
 *       k·ln2 + r with ln 2 split in two parts (Cody &amp; Waite, <i>Software Manual for the Elementary
 *       Functions</i>, 1980, ch. 6) and e^x − 1 = 2^k·expm1(r) + (2^k − 1); −1 below −38 and +∞ above
 *       709.79.</li>
 * </ul>
 */
public final class Elementary {
  private Elementary() {}

  /** Below this |x|, tanh uses the continued fraction. */
  private static final double TANH_SMALL = 0.8;

  // The order-9 convergent of Lambert's continued fraction: tanh x = x·P(s)/Q(s), s = x²,
  // P = 654729075 + 91891800 s + 2837835 s² + 25740 s³ + 55 s⁴ and
  // Q = 654729075 + 310134825 s + 18918900 s² + 315315 s³ + 1485 s⁴ + s⁵. D = (Q − P)/s.
  private static final double P0 = 654729075.0;
  private static final double P1 = 91891800.0;
  private static final double P2 = 2837835.0;
  private static final double P3 = 25740.0;
  private static final double P4 = 55.0;
  private static final double Q1 = 310134825.0;
  private static final double Q2 = 18918900.0;
  private static final double Q3 = 315315.0;
  private static final double Q4 = 1485.0;
  private static final double D0 = 218243025.0;
  private static final double D1 = 16081065.0;
  private static final double D2 = 289575.0;
  private static final double D3 = 1430.0;
  // E = P − D.
  private static final double E0 = 436486050.0;
  private static final double E1 = 75810735.0;
  private static final double E2 = 2548260.0;
  private static final double E3 = 24310.0;
  private static final double E4 = 54.0;

  /** ln 2 in two parts: the high part has 32 significant bits, so k·LN2_HI is exact for |k| &lt; 2^20. */
  private static final double LN2_HI = Double.longBitsToDouble(0x3FE62E42FEE00000L);
  private static final double LN2_LO = 1.9082149292705877E-10; // ln 2 − LN2_HI, rounded
  private static final double INV_LN2 = 1.4426950408889634;
  /** Up to this |x|, expm1 needs no argument reduction. */
  private static final double EXPM1_SMALL = 0.5;

  /**
   * The hyperbolic tangent, within 1 ulp of the exact value.
   *
   * @param x any double; NaN gives NaN, ±0 gives ±0, ±∞ gives ±1
   * @return tanh(x), odd in x exactly ({@code tanh(-x) == -tanh(x)})
   */
  public static double tanh(double x) {
    double a = Math.abs(x);
    if (a < TANH_SMALL) {
      if (a < 0x1p-27) {
        return x; // x − x³/3 rounds to x; keeps the sign of ±0
      }
      double s = x * x;
      double d = d(s);
      double q = q(s);
      return x - x * s * d / q;
    }
    if (a > 22.0) {
      return Math.copySign(1.0, x);
    }
    double r = 1.0 - 2.0 / (Math.exp(a + a) + 1.0); // NaN stays NaN
    return Math.copySign(r, x);
  }

  /**
   * e^x − 1, within 1 ulp of the exact value, accurate for x near 0 where {@code Math.exp(x) - 1}
   * loses all digits.
   *
   * @param x any double; NaN gives NaN, ±0 gives ±0, −∞ gives −1, +∞ gives +∞
   * @return e^x − 1
   */
  public static double expm1(double x) {
    if (Math.abs(x) <= EXPM1_SMALL) {
      return Math.abs(x) < 0x1p-54 ? x : expm1Scaled(x, 1.0); // x + x²/2 rounds to x; keeps ±0
    }
    if (x < -38.0) {
      return -1.0; // e^x < 2^-54: the result rounds to -1
    }
    if (x > 709.782712893384) {
      return x == x ? Double.POSITIVE_INFINITY : x;
    }
    if (x != x) {
      return x;
    }
    double k = Math.rint(x * INV_LN2);
    double r = (x - k * LN2_HI) - k * LN2_LO;
    int ki = (int) k;
    if (ki > 1020) {
      // 2^k overflows before the product: scale in two steps (the −1 is far below the last bit)
      return (expm1Scaled(r, 1.0) + 1.0) * Math.scalb(1.0, ki - 2) * 4.0;
    }
    // 2^ki from its bits (-55 <= ki <= 1020 here: a normal number), the value Math.scalb gives
    return expm1Scaled(r, Double.longBitsToDouble((long) (ki + 1023) << 52));
  }

  /**
   * e^x − 1 for |x| ≤ 1/2 (scaled as below): x·P/(Q − h·P) with h = x/2, s = h² (that is 2t/(1 − t), t = tanh h). Written
   * as x + x²/2 + x·s·(E − h·D)/(Q − h·P) with E = P − D, whose last term is about x³/6; x + x²/2 is
   * summed with its rounding errors kept (an exact product by fma and Fast2Sum), so that the result
   * is rounded about once. Returns scale·(e^x − 1) + (scale − 1) for a power of two scale (e^{x + k ln 2} − 1
   * for scale = 2^k), adding the parts with their rounding errors kept in the same way.
   */
  private static double expm1Scaled(double x, double scale) {
    double h = 0.5 * x;
    double s = h * h;
    double p = (((P4 * s + P3) * s + P2) * s + P1) * s + P0;
    double d = d(s);
    double e = (((E4 * s + E3) * s + E2) * s + E1) * s + E0;
    double q = q(s);
    double rest = x * s * (e - h * d) / (q - h * p);
    double hx = h * x;
    double hxErr = Math.fma(h, x, -hx);
    double sum = x + hx;
    double sumErr = hx - (sum - x); // Fast2Sum: |x| ≥ |hx| for |x| ≤ 2
    double lo = sumErr + hxErr + rest;
    double c = scale - 1.0; // exact for 2^-53 ≤ p ≤ 2^53, as after the reduction
    double hi = scale * sum; // exact: scale is a power of two
    double t = c + hi;
    double tErr = Math.abs(c) >= Math.abs(hi) ? hi - (t - c) : c - (t - hi); // Fast2Sum
    return t + (tErr + scale * lo);
  }

  /** The continued fraction's D(s) = (Q(s) − P(s))/s, by Horner's rule. */
  private static double d(double s) {
    return (((s + D3) * s + D2) * s + D1) * s + D0;
  }

  /** The continued fraction's denominator Q(s), by Horner's rule. */
  private static double q(double s) {
    return ((((s + Q4) * s + Q3) * s + Q2) * s + Q1) * s + P0;
  }
}
