package dev.neuralode.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The record a {@code neuralode spark} job leaves in its output directory, {@value #FILE}: the
 * job's command (e.g. {@code spark ensemble-solve}), the options that identify it, and every file
 * and directory it wrote. A job writes it last, after all its files, so a directory with the
 * record holds a complete job output. Spark's readers skip names that start with an underscore.
 *
 * <p>The record is to a Spark job what {@link OutputSet#IDENTITY} and {@link OutputSet#FILES} are
 * to a local command: it lets a later run, a Spark job or a local command, recognise the
 * directory as neuralode output and tell the job's own files from files a user added there, which
 * are never deleted.
 *
 * <p>Format (JSON): {@code command}; {@code settings}, an object of option names to values as
 * typed; {@code files}, the names at the top of the directory; {@code entries}, every file and
 * directory under it, paths relative to it with {@code /} between names, sorted. Records written
 * before {@code entries} existed are checked by their top-level {@code files} only.
 *
 * @param command the job's command, e.g. {@code spark ensemble-solve}
 * @param settings the options that identify the job, name to value as typed, sorted by name
 * @param files the names at the top of the directory that the job wrote, without the record
 * @param entries every path under the directory that the job wrote (relative, {@code /}
 *     separated), or null for a record written before entries were recorded
 */
public record SparkJobRecord(String command, Map<String, String> settings, List<String> files,
    List<String> entries) {

  /** The record's file name in each job's output directory. */
  public static final String FILE = "_neuralode_run.json";

  /**
   * Checks and copies the fields.
   *
   * @param command see the record's description
   * @param settings see the record's description
   * @param files see the record's description
   * @param entries see the record's description
   * @throws NullPointerException if command, settings or files is null
   */
  public SparkJobRecord {
    Objects.requireNonNull(command, "command");
    settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    files = List.copyOf(files);
    entries = entries == null ? null : List.copyOf(entries);
  }

  /**
   * Records a job in its output directory, after the job has written every file there.
   *
   * @param dir the job's output directory
   * @param command the job's command, e.g. {@code spark density}
   * @param settings the options that identify the job, name to value as typed
   * @throws IOException if the directory cannot be listed or the record cannot be written
   */
  public static void write(Path dir, String command, Map<String, String> settings)
      throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", command);
    json.put("settings", new TreeMap<>(settings));
    json.put("files", topLevel(dir));
    json.put("entries", entries(dir));
    AtomicFiles.writeString(dir.resolve(FILE), Json.toJson(json) + "\n");
  }

  /**
   * Reads the record of a directory.
   *
   * @param dir a directory
   * @return the record, or null if the directory has none, or one that cannot be read or is not
   *     a job record (the directory is then treated as holding files no neuralode run wrote)
   */
  public static SparkJobRecord read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode node = Json.mapper().readTree(file.toFile());
      JsonNode command = node == null ? null : node.get("command");
      if (command == null || !command.isTextual()) {
        return null;
      }
      Map<String, String> settings = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : node.path("settings").properties()) {
        settings.put(e.getKey(), e.getValue().asText());
      }
      List<String> files = new ArrayList<>();
      node.path("files").forEach(f -> files.add(f.asText()));
      List<String> entries = null;
      if (node.has("entries")) {
        entries = new ArrayList<>();
        for (JsonNode e : node.get("entries")) {
          entries.add(e.asText());
        }
      }
      return new SparkJobRecord(command.asText(), settings, files, entries);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * What lies in the directory that the job did not write: with {@link #entries()}, every path
   * under it that the record does not list (a directory that is not listed is named once, not with
   * everything in it); for an older record, the names at the top that {@link #files()} does not
   * list.
   *
   * @param dir the directory the record was read from
   * @return the foreign paths, sorted; empty if the directory holds only the job's output
   * @throws IOException if the directory cannot be listed
   */
  public List<String> foreign(Path dir) throws IOException {
    List<String> foreign = new ArrayList<>();
    if (entries == null) {
      Set<String> written = new HashSet<>(files);
      for (String name : topLevel(dir)) {
        if (!written.contains(name)) {
          foreign.add(name);
        }
      }
      return foreign;
    }
    Set<String> written = new HashSet<>(entries);
    for (String e : entries(dir)) {
      if (!written.contains(e) && foreign.stream().noneMatch(f -> e.startsWith(f + "/"))) {
        foreign.add(e);
      }
    }
    return foreign;
  }

  /**
   * Describes the job for messages: {@code the output of a neuralode Spark job ('spark
   * ensemble-solve')}.
   *
   * @return the phrase
   */
  public String description() {
    return "the output of a neuralode Spark job ('" + command + "')";
  }

  /** The names at the top of a directory, sorted, without the record. */
  private static List<String> topLevel(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(FILE)).sorted()
          .toList();
    }
  }

  /** Every path under a directory, relative, {@code /} separated, sorted, without the record. */
  private static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> !p.equals(dir))
          .map(p -> dir.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
          .filter(n -> !n.equals(FILE))
          .sorted()
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
