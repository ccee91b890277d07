package dev.neuralode.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Matching of column names given on the command line against the names a model remembers: a
 * model's columns are matched by name, never by position, so that {@code --columns
 * waiting,eruptions} on a model of {@code eruptions,waiting} reads the right values (or, with
 * other names, is refused with the expected ones) instead of giving a silently wrong answer.
 */
final class ColumnMatch {

  private ColumnMatch() {}

  /**
   * Checks that the names given are the model's names, in any order, each once.
   *
   * @param option the option, e.g. {@code "--columns"}
   * @param given the names given (trimmed here); null or empty means the model's names
   * @param expected the model's names
   * @return the index in {@code expected} of each given name, or the identity for none given
   * @throws IllegalArgumentException naming the expected names if a name is unknown, repeated or
   *     missing
   */
  static int[] requireSameNames(String option, List<String> given, List<String> expected) {
    int[] index = new int[expected.size()];
    if (given == null || given.isEmpty()) {
      for (int j = 0; j < index.length; j++) {
        index[j] = j;
      }
      return index;
    }
    List<String> names = given.stream().map(String::strip).toList();
    Set<String> seen = new HashSet<>();
    String expectedText = String.join(",", expected);
    for (String n : names) {
      if (!seen.add(n)) {
        throw new IllegalArgumentException(option + " names column '" + n + "' twice; give the"
            + " model's columns " + expectedText + " once each, in any order");
      }
      if (!expected.contains(n)) {
        throw new IllegalArgumentException(option + " names column '" + n + "' but the model"
            + " was trained on " + expectedText + "; give these names, in any order");
      }
    }
    if (names.size() != expected.size()) {
      throw new IllegalArgumentException(option + " names " + names.size() + " column"
          + (names.size() == 1 ? "" : "s") + " but the model has " + expected.size() + " ("
          + expectedText + "); give all of them, in any order");
    }
    for (int j = 0; j < index.length; j++) {
      index[j] = expected.indexOf(names.get(j));
    }
    return index;
  }
}
