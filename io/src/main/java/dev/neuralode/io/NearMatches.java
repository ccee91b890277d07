package dev.neuralode.io;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * "Did you mean …?" for a mistyped command, option or name: the choices within a small edit distance
 * of what was typed, nearest first. The CLI and the Spark jobs use it so that a typo gets the same
 * help everywhere.
 */
public final class NearMatches {
  private NearMatches() {}

  /**
   * The choices near what was typed.
   *
   * @param typed what the user typed: a word, or an option as {@code --name} or {@code --name=value}
   *     (leading dashes, the {@code =value} part and letter case are ignored)
   * @param choices the valid names
   * @return the choices at edit distance at most max(1, min(3, length / 3)) of the typed name
   *     ({@link #editDistance}), nearest first, ties in the choices' order
   */
  public static List<String> of(String typed, Collection<String> choices) {
    String name = bare(typed);
    int limit = Math.max(1, Math.min(3, name.length() / 3));
    return choices.stream()
        .filter(c -> editDistance(name, bare(c)) <= limit)
        .sorted(Comparator.comparingInt(c -> editDistance(name, bare(c))))
        .toList();
  }

  /**
   * A hint to append to an error message.
   *
   * @param typed what the user typed
   * @param choices the valid names
   * @return {@code " (did you mean X?)"} with up to three near choices joined by "or", or "" when none
   *     is near
   */
  public static String hint(String typed, Collection<String> choices) {
    List<String> near = of(typed, choices);
    return near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near.subList(0, Math.min(3, near.size()))) + "?)";
  }

  private static String bare(String arg) {
    int eq = arg.indexOf('=');
    String s = eq > 0 ? arg.substring(0, eq) : arg;
    int i = 0;
    while (i < s.length() && s.charAt(i) == '-') {
      i++;
    }
    return s.substring(i).toLowerCase(Locale.ROOT);
  }

  /**
   * The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
   * neighbours ("fti" for "fit") each cost 1 (Levenshtein's distance with transpositions, by the
   * usual row recurrence).
   *
   * @param a one string
   * @param b the other
   * @return the number of edits that turn a into b
   */
  public static int editDistance(String a, String b) {
    int[] prev2 = new int[b.length() + 1];
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
        }
      }
      int[] t = prev2;
      prev2 = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
