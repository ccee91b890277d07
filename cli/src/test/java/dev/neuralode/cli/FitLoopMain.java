package dev.neuralode.cli;

/**
 * A process for {@link FitKillTest}: runs the real {@code neuralode fit} command line ({@link
 * Main#run}) into one output directory again and again, alternating two seeds, until it is
 * killed. Prints {@code started} as soon as it runs, so that kills fall anywhere in a run: while
 * the JVM warms up, during training and checkpoints, while the outputs are written, and during
 * the swap; and {@code done} after each run, once its output set is in place.
 */
final class FitLoopMain {

  private FitLoopMain() {}

  /**
   * Runs the loop.
   *
   * @param args the data file, the output directory and the first seed (0 or 1)
   */
  public static void main(String[] args) {
    System.out.println("started");
    System.out.flush();
    for (long seed = Long.parseLong(args[2]); ; seed = 1 - seed) {
      int status = Main.run(FitKillTest.arguments(args[0], args[1], seed));
      if (status != 0) {
        System.out.println("status " + status);
        System.exit(3);
      }
      System.out.println("done");
      System.out.flush();
    }
  }
}
