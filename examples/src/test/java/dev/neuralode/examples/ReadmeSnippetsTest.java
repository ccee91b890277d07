package dev.neuralode.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of the README is a region of an example source, marked {@code // README:begin
 * NAME} … {@code // README:end NAME}, line for line (indentation aside), so the README shows code
 * that compiles and runs in this module's tests.
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  private static String normalise(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
  }

  private static List<String> readmeJavaBlocks() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(normalise(m.group(1)));
    }
    return blocks;
  }

  private static List<String> exampleRegions() throws IOException {
    Pattern region = Pattern.compile("// README:begin (\\w+)\\n(.*?)// README:end \\1", Pattern.DOTALL);
    List<String> regions = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("examples/src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = region.matcher(Files.readString(f));
        while (m.find()) {
          regions.add(normalise(m.group(2)));
        }
      }
    }
    return regions;
  }

  @Test
  void everyReadmeJavaSnippetIsAnExampleRegion() throws IOException {
    List<String> blocks = readmeJavaBlocks();
    List<String> regions = exampleRegions();
    assertThat(blocks).as("the README's Java blocks").isNotEmpty();
    for (String block : blocks) {
      assertThat(regions).as("an example region equal to the README block%n%s", block).contains(block);
    }
  }
}
