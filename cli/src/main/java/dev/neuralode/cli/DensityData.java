package dev.neuralode.cli;

import dev.neuralode.data.Standardizer;
import dev.neuralode.data.ToyDensities;
import dev.neuralode.io.TableCsv;
import dev.neuralode.tensor.Rng;
import java.nio.file.Path;
import java.util.List;

/**
 * The data of one {@code neuralode density} run: the rows (from a CSV file or a toy density), a
 * seeded train/test split and the standardisation fitted to the training rows.
 *
 * @param columns the column names
 * @param train the training rows, data units
 * @param test the test rows, data units (may be empty)
 * @param scaling the standardisation fitted on {@code train}
 * @param source a description of the source, for the summary
 */
record DensityData(List<String> columns, double[][] train, double[][] test, Standardizer scaling,
    String source) {

  /**
   * Loads and splits the data: a permutation seeded with {@code seed} puts the first
   * round(n·testFraction) rows into the test split.
   */
  /** A short label of the source for chart titles: the toy's name or the file's name. */
  String label() {
    return source.startsWith("toy:") ? source.substring(4) : Path.of(source).getFileName().toString();
  }

  static DensityData load(Path file, List<String> columns, String toy, int toySamples, double testFraction,
      long seed) {
    double[][] rows;
    List<String> names;
    String source;
    if (toy != null) {
      rows = ToyDensities.sample(toy, toySamples, seed + 1000);
      names = List.of("x", "y");
      source = "toy:" + toy;
    } else {
      TableCsv.Table table = TableCsv.readTable(file, columns, 4);
      names = table.names();
      rows = table.rows();
      ColumnChecks.requireVarying(file, names, rows);
      source = file.toString();
    }
    int nTest = (int) Math.round(rows.length * testFraction);
    if (testFraction > 0 && nTest < 1) {
      nTest = 1;
    }
    if (rows.length - nTest < 3) {
      throw new IllegalArgumentException("--test-fraction " + testFraction + " leaves " + (rows.length - nTest)
          + " training rows of " + rows.length + "; lower it or give more data");
    }
    int[] perm = new Rng(seed).permutation(rows.length);
    double[][] test = new double[nTest][];
    double[][] train = new double[rows.length - nTest][];
    for (int i = 0; i < rows.length; i++) {
      if (i < nTest) {
        test[i] = rows[perm[i]];
      } else {
        train[i - nTest] = rows[perm[i]];
      }
    }
    return new DensityData(names, train, test, Standardizer.fit(train), source);
  }
}
