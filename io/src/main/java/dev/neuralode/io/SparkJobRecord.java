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
 * <p>Before a job writes anything it leaves a record of its start there ({@link #start}): the
 * command, the settings, {@code "finished": false} and the patterns of the paths it may write. A
 * directory with that record ({@link #unfinished}) holds the files of a job that is running, or
 * that failed or was stopped before it finished: a later run recognises them as a neuralode job's
 * own files (the paths its patterns match) and tells them from files a user added.
 *
 * <p>The record is to a Spark job what {@link OutputSet#IDENTITY} and {@link OutputSet#FILES} are
 * to a local command: it lets a later run, a Spark job or a local command, recognise the
 * directory as neuralode output and tell the job's own files from files a user added there, which
 * are never deleted.
 *
 * <p>Format (JSON): {@code command}; {@code settings}, an object of option names to values as
 * typed; {@code files}, the names at the top of the directory; {@code entries}, every file and
 * directory under it, paths relative to it with {@code /} between names, sorted; {@code finished},
 * true. Records written before {@code entries} existed are checked by their top-level {@code files}
 * only; a record without {@code finished} is a finished job's.
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
    json.put("finished", true);
    AtomicFiles.writeString(dir.resolve(FILE), Json.toJson(json) + "\n");
  }

  /**
   * The record of a job that has begun in a directory and not finished: the job wrote it before
   * any of its files, and {@link #write} replaces it once the job has written them all.
   *
   * @param command the job's command, e.g. {@code spark ensemble-solve}
   * @param settings the options that identify the job, name to value as typed, sorted by name
   * @param writes the paths the job may write there, as glob patterns ({@link
   *     java.nio.file.FileSystem#getPathMatcher} syntax) of paths relative to the directory with
   *     {@code /} between names, e.g. {@code part-*} or {@code _temporary/**}
   */
  public record Unfinished(String command, Map<String, String> settings, List<String> writes) {
    /**
     * Checks and copies the fields.
     *
     * @param command see the record's description
     * @param settings see the record's description
     * @param writes see the record's description
     * @throws NullPointerException if a field is null
     */
    public Unfinished {
      Objects.requireNonNull(command, "command");
      settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
      writes = List.copyOf(writes);
    }

    /**
     * What lies in the directory that the job would not have written: every path under it that
     * none of {@link #writes()} matches (a directory that no pattern matches is named once, not
     * with everything in it).
     *
     * @param dir the directory the record was read from
     * @return the foreign paths, sorted; empty if the directory holds only the job's files
     * @throws IOException if the directory cannot be listed
     */
    public List<String> foreign(Path dir) throws IOException {
      List<java.nio.file.PathMatcher> matchers = new ArrayList<>();
      for (String w : writes) {
        matchers.add(java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + w));
      }
      List<String> foreign = new ArrayList<>();
      for (String e : entries(dir)) {
        Path rel = Path.of(e);
        if (matchers.stream().noneMatch(m -> m.matches(rel))
            && foreign.stream().noneMatch(f -> e.startsWith(f + "/"))) {
          foreign.add(e);
        }
      }
      return foreign;
    }

    /**
     * Describes the job for messages: {@code an unfinished neuralode Spark job ('spark
     * ensemble-solve')}.
     *
     * @return the phrase
     */
    public String description() {
      return "an unfinished neuralode Spark job ('" + command + "')";
    }
  }

  /**
   * Records in a directory that a job begins there, before the job writes anything: creates the
   * directory if it is missing and writes the record with {@code "finished": false}. The record's
   * own temporary file is among the paths the job may write.
   *
   * @param dir the job's output directory
   * @param command the job's command, e.g. {@code spark density}
   * @param settings the options that identify the job, name to value as typed
   * @param writes the paths the job may write there, as {@link Unfinished#writes()} describes
   * @throws IOException if the directory cannot be created or the record cannot be written
   */
  public static void start(Path dir, String command, Map<String, String> settings,
      List<String> writes) throws IOException {
    Files.createDirectories(dir);
    List<String> all = new ArrayList<>(writes);
    all.add("." + FILE + ".*.tmp");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", command);
    json.put("settings", new TreeMap<>(settings));
    json.put("finished", false);
    json.put("writes", all);
    AtomicFiles.writeString(dir.resolve(FILE), Json.toJson(json) + "\n");
  }

  /**
   * Reads the record of a job that began in a directory and has not finished ({@link #start}).
   *
   * @param dir a directory
   * @return the record, or null if the directory has none (no record, a finished job's, or one
   *     that cannot be read)
   */
  public static Unfinished unfinished(Path dir) {
    JsonNode node = node(dir);
    if (node == null || !node.path("finished").isBoolean() || node.get("finished").asBoolean()) {
      return null;
    }
    Map<String, String> settings = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : node.path("settings").properties()) {
      settings.put(e.getKey(), e.getValue().asText());
    }
    List<String> writes = new ArrayList<>();
    node.path("writes").forEach(w -> writes.add(w.asText()));
    return new Unfinished(node.get("command").asText(), settings, writes);
  }

  /** The record's JSON if it is readable and names a command, else null. */
  private static JsonNode node(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode node = Json.mapper().readTree(file.toFile());
      JsonNode command = node == null ? null : node.get("command");
      return command == null || !command.isTextual() ? null : node;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Reads the record of a directory.
   *
   * @param dir a directory
   * @return the record, or null if the directory has none, one that cannot be read or is not a
   *     job record (the directory is then treated as holding files no neuralode run wrote), or the
   *     record of a job that has not finished ({@link #unfinished})
   */
  public static SparkJobRecord read(Path dir) {
    JsonNode node = node(dir);
    if (node == null || node.path("finished").isBoolean() && !node.get("finished").asBoolean()) {
      return null;
    }
    try {
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
      return new SparkJobRecord(node.get("command").asText(), settings, files, entries);
    } catch (RuntimeException e) {
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
