package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Spark commands' options use the CLI's shared names ({@code --data}, {@code --out}, {@code
 * --param}, {@code --t}); the earlier names stay accepted as hidden aliases.
 */
class OptionsTest {

  private static final Set<String> VALUED = Set.of("--data", "--data-format", "--out",
      "--out-format", "--param", "--t", "--model");

  @Test
  void sharedNamesParseAndRepeatedParamsJoin() {
    Options o = Options.parse("ensemble-solve", new String[] {"--data", "a.csv", "--out", "runs/x",
        "--param", "mu=1", "--param", "k=2", "--t=0:1:3"}, VALUED, Set.of());
    assertThat(o.string("--data", null)).isEqualTo("a.csv");
    assertThat(o.string("--out", null)).isEqualTo("runs/x");
    assertThat(o.list("--param", null)).containsExactly("mu=1", "k=2");
    assertThat(o.string("--t", null)).isEqualTo("0:1:3");
  }

  @Test
  void earlierNamesAreAliases() {
    Options o = Options.parse("logp", new String[] {"--input", "p.csv", "--output", "runs/s",
        "--output-format", "csv", "--input-format=parquet", "--params", "mu", "--times", "0,1"},
        VALUED, Set.of());
    assertThat(List.of(o.string("--data", null), o.string("--out", null),
        o.string("--out-format", null), o.string("--data-format", null), o.string("--param", null),
        o.string("--t", null))).containsExactly("p.csv", "runs/s", "csv", "parquet", "mu", "0,1");
  }

  @Test
  void anAliasAndItsNameTogetherAreOneOptionGivenTwice() {
    assertThatThrownBy(() -> Options.parse("logp", new String[] {"--data", "a", "--input", "b"},
        VALUED, Set.of())).hasMessage("--data is given twice; give it once");
  }
}
