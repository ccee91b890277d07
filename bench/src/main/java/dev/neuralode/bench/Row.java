package dev.neuralode.bench;

/**
 * One line of {@code RESULTS.md}: a workload, the library's median, the peer's median, their ratio
 * (always oriented so that larger is better for the library: the peer's time over ours, or our
 * throughput over the peer's), the target and whether it is met.
 *
 * @param id the target's id (P1…P7), with a suffix for variants
 * @param workload what ran
 * @param ours the library's median, or NaN when it did not run
 * @param peer the peer's median, or NaN when there is none
 * @param unit the unit of both medians (e.g. {@code µs/step}, {@code GFLOP/s})
 * @param peerName who the peer is
 * @param ratio the ratio (larger is better for the library), or NaN
 * @param target the target as the issue states it
 * @param met {@code yes}, {@code no} or {@code report} (no numeric target)
 * @param note how it was measured, agreement checks, statistics, or why it failed
 */
public record Row(String id, String workload, double ours, double peer, String unit, String peerName,
    double ratio, String target, String met, String note) {

  /**
   * A row for a section that failed, keeping its place in the table.
   *
   * @param id the id
   * @param workload the workload
   * @param target the target
   * @param why the failure
   * @return the row
   */
  public static Row failed(String id, String workload, String target, String why) {
    return new Row(id, workload, Double.NaN, Double.NaN, "", "", Double.NaN, target, "failed", why);
  }

  /**
   * yes if the ratio reaches the minimum, else no; {@code n/a} without a ratio.
   *
   * @param ratio the ratio
   * @param min the target's minimum
   * @return the verdict
   */
  public static String atLeast(double ratio, double min) {
    return Double.isNaN(ratio) ? "n/a" : ratio >= min ? "yes" : "no";
  }
}
