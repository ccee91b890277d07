package dev.neuralode.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The files of one run, replaced together: a command writes its whole output set into a
 * temporary sibling directory ({@link #dir()}) and {@link #commit()} swaps it in for the output
 * directory at the end, so that an interrupted run never leaves new files beside old ones.
 *
 * <p><b>Protocol.</b> For output directory {@code D} in parent {@code P}:
 *
 * <ol>
 *   <li>{@link #begin} finishes any interrupted swap of an earlier run ({@link #recover}),
 *       checks that {@code D} may be replaced (see below), and creates {@code
 *       P/.D.staging-PID-R}; creating it is also the check, before any work, that {@code --out}
 *       is writable.
 *   <li>The run writes its files there.
 *   <li>{@link #commit()} writes the run's identity ({@value #IDENTITY}), fsyncs every file and
 *       the directory, renames it to {@code P/.D.ready-PID-R} (the new set is now complete),
 *       renames {@code D} to {@code P/.D.old-PID-R}, renames the ready set to {@code D}, fsyncs
 *       {@code P} and deletes the old set.
 * </ol>
 *
 * Every rename is atomic, so after a kill at any moment {@code D} is the complete old set, the
 * complete new set, or (killed between the two renames of step 3) absent with both sets complete
 * beside it; {@link #recover} (run by the next {@link #begin}, or by hand) then makes {@code D}
 * the new set if a ready one exists, else the old one, and removes the leftovers of processes
 * that are no longer running. A run that fails or is stopped by SIGINT or SIGTERM deletes its
 * staging directory ({@link #close()}, and a shutdown hook), leaving no temporary files.
 *
 * <p><b>Replacing.</b> A non-empty {@code D} is replaced only if it is the output set of an earlier
 * run (it has an {@value #IDENTITY} file) that holds nothing that run did not write (its {@value
 * #FILES} record), and only if that run was the same command with the same settings or the user
 * says so ({@code --overwrite}); otherwise {@link #begin} refuses with an {@link InputException}.
 * The complete output of a {@code neuralode spark} job ({@link SparkJobRecord}) is recognised as
 * neuralode output too: it is replaced with {@code --overwrite} if it holds nothing the job did not
 * write, and refused, naming the job, without. A directory that no neuralode run wrote, or a file
 * the user put into an output set, is never deleted, with or without {@code --overwrite}. One run
 * at a time per output directory.
 */
public final class OutputSet implements AutoCloseable {

  /** The hidden file in each output set that names the command and settings that wrote it. */
  public static final String IDENTITY = ".neuralode-run";

  /**
   * The hidden file in each output set that lists the set's files and directories (paths
   * relative to it, one a line), so that a rerun can tell the user's own files from the run's.
   */
  public static final String FILES = ".neuralode-files";

  private final Path target;
  private final Path staging;
  /** The run's identity, written at commit; null for a {@link #staged} set. */
  private final String identity;
  private final Thread hook;
  private boolean finished;

  private OutputSet(Path target, Path staging, String identity) {
    this.target = target;
    this.staging = staging;
    this.identity = identity;
    this.hook = new Thread(this::discard, "neuralode-output-cleanup");
  }

  /**
   * Starts an output set for a directory.
   *
   * @param target the output directory, e.g. {@code --out}; created at commit
   * @param option the option that named it, for messages, e.g. {@code "--out"}
   * @param identity what identifies the run: the command and its settings (not the output path,
   *     verbosity or {@code --overwrite}), in a stable order
   * @param overwrite whether a non-empty directory from another command or settings may be
   *     replaced
   * @return the set; write into {@link #dir()}, then {@link #commit()}; close it in any case
   * @throws InputException if the path is a file, holds other output and {@code overwrite} is
   *     false, or its parent is not writable
   */
  public static OutputSet begin(Path target, String option, Map<String, ?> identity,
      boolean overwrite) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(identity, "identity");
    Path abs = target.toAbsolutePath().normalize();
    if (abs.getParent() == null || abs.getFileName() == null) {
      throw InputException.at(target, 0, "cannot be an output directory; give " + option
          + " a directory path such as runs/out");
    }
    String id = Json.toJson(identity);
    try {
      recover(abs);
    } catch (IOException e) {
      throw new InputException(target, 0, "cannot tidy up an interrupted earlier run there ("
          + reason(e) + "); check the directory's permissions", e);
    }
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw InputException.at(target, 0, "exists and is not a directory; give " + option
          + " a directory path (it is created if missing)");
    }
    if (Files.isDirectory(abs) && !isEmpty(abs)) {
      String previous = readIdentity(abs);
      SparkJobRecord job = previous == null ? SparkJobRecord.read(abs) : null;
      if (previous == null && job == null) {
        // never replace a directory that no neuralode run wrote (a home directory, a project,
        // the current directory), whatever the options
        throw InputException.at(target, 0, "already holds files that no neuralode run wrote ("
            + topLevelNames(abs) + "); neuralode replaces only its own output, even with"
            + " --overwrite: give " + option + " a new or empty directory");
      }
      List<String> foreign;
      try {
        foreign = job == null ? foreignFiles(abs) : job.foreign(abs);
      } catch (IOException e) {
        throw new InputException(target, 0, "cannot be listed (" + reason(e) + "); check the"
            + " directory's permissions", e);
      }
      if (!foreign.isEmpty()) {
        throw InputException.at(target, 0, "holds files that the previous run did not write ("
            + names(foreign) + "), which replacing it would delete (even with --overwrite); move"
            + " them out, or give " + option + " another directory");
      }
      if (job != null && !overwrite) {
        // a complete Spark job output (its record is written last) with nothing added: replaced
        // only when the user says so, as another command's output is
        throw InputException.at(target, 0, "already holds " + job.description() + "; give "
            + option + " another directory, or add --overwrite to replace its contents");
      }
      if (job == null && !overwrite && !id.equals(previous)) {
        String who = describe(previous).equals(describe(id))
            ? "the output of " + describe(previous) + " with other settings ("
                + differences(previous, id) + ")"
            : "the output of " + describe(previous);
        throw InputException.at(target, 0, "already holds " + who + "; give " + option
            + " another directory, or add --overwrite to replace its contents");
      }
    }
    Path checkpoints = checkpointDir(abs);
    if (!overwrite && Files.isDirectory(checkpoints)) {
      String previous = readIdentity(checkpoints);
      if (previous != null && !id.equals(previous)) {
        throw InputException.at(target, 0, "has the checkpoint of an interrupted run of "
            + describe(previous) + " with other settings (" + differences(previous, id) + "; in "
            + checkpoints.getFileName()
            + " beside it); continue that run with --resume " + target + ", or add --overwrite"
            + " to start this one in its place");
      }
    }
    // The cleanup hook is registered before the staging directory exists, so that a SIGINT or
    // SIGTERM arriving at any moment from here on finds it (its sweeps remove the directory even
    // if it is created while the hook runs).
    OutputSet set = new OutputSet(abs, sibling(abs, "staging"), id);
    try {
      Runtime.getRuntime().addShutdownHook(set.hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down (SIGINT or SIGTERM arrived): start nothing.
      throw e;
    }
    try {
      Files.createDirectories(abs.getParent());
      Files.createDirectory(set.staging);
    } catch (IOException e) {
      set.close();
      throw new InputException(target, 0, "cannot be written (" + reason(e) + "); give " + option
          + " a writable path", e);
    }
    return set;
  }

  /**
   * Starts an output set for a caller that has decided itself that the directory may be replaced,
   * and marks its output its own way: a {@code neuralode spark} job, whose {@link SparkJobRecord}
   * names it, and whose Spark writers create the directory they write into. The caller finishes any
   * interrupted swap ({@link #recover}) before it decides, so that it sees what the directory holds.
   * {@link #dir()} does not exist yet; write there (creating it), then {@link #commit()} swaps it in
   * as for {@link #begin}, but writes no {@value #IDENTITY} or {@value #FILES}; until then the
   * directory keeps its earlier contents.
   *
   * @param target the output directory
   * @return the set; close it in any case (a set not committed is deleted)
   * @throws IllegalArgumentException if the path has no parent or name
   */
  public static OutputSet staged(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    if (abs.getParent() == null || abs.getFileName() == null) {
      throw new IllegalArgumentException("target: " + target + " has no parent directory; give a directory"
          + " path such as runs/out");
    }
    OutputSet set = new OutputSet(abs, sibling(abs, "staging"), null);
    Runtime.getRuntime().addShutdownHook(set.hook);
    return set;
  }

  /**
   * The output set of a local run in a directory, as another kind of run sees it: a {@code
   * neuralode spark} job deciding whether it may replace the directory applies the rules above.
   *
   * @param command the command that wrote it, e.g. {@code fit} or {@code demo spiral}, or null if
   *     its identity does not say
   * @param foreign what lies in the set that its run did not write (by its {@value #FILES}
   *     record), sorted; a directory that is not listed is named once
   */
  public record LocalOutput(String command, List<String> foreign) {
    /**
     * Copies the list.
     *
     * @param command see the record's description
     * @param foreign see the record's description
     */
    public LocalOutput {
      foreign = List.copyOf(foreign);
    }

    /**
     * Describes the set for messages: {@code the output of 'fit' (a local neuralode run)}.
     *
     * @return the phrase
     */
    public String description() {
      return command == null ? "the output of a local neuralode run"
          : "the output of '" + command + "' (a local neuralode run)";
    }
  }

  /**
   * Reads what a directory holds if a local run's output set is there.
   *
   * @param dir a directory
   * @return the set's command and the files its run did not write (everything, without its
   *     {@value #FILES} record), or null if the directory holds no output set of a local run (no
   *     readable {@value #IDENTITY} file)
   * @throws IOException if the directory or its record cannot be read
   */
  public static LocalOutput localOutput(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    String previous = readIdentity(abs);
    if (previous == null) {
      return null;
    }
    String who = describe(previous);
    return new LocalOutput(who.startsWith("'") ? who.substring(1, who.length() - 1) : null,
        foreignFiles(abs));
  }

  /** A file system failure as a plain phrase, without Java class names. */
  static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "the file system refused it, or a parent directory is missing";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file of that name is in the way";
    }
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      return fse.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    return e.getMessage() == null ? "input/output error" : InputException.oneLine(e.getMessage());
  }

  /** The most differing settings {@link #differences} names before "and N more". */
  static final int MAX_NAMED = 3;

  /**
   * The settings in which two identities differ, for messages: {@code --lr 0.01 -> 0.02}, at most
   * {@value #MAX_NAMED} of them, then "and N more"; a setting only one run has shows "(not given)"
   * on the other side.
   *
   * @param previousJson the identity of the run that wrote the directory
   * @param idJson the identity of this run
   * @return the differences, e.g. {@code --lr 0.01 -> 0.02, --seed 0 -> 3}
   */
  static String differences(String previousJson, String idJson) {
    try {
      var before = Json.mapper().readTree(previousJson).path("settings");
      var now = Json.mapper().readTree(idJson).path("settings");
      java.util.TreeSet<String> names = new java.util.TreeSet<>();
      before.fieldNames().forEachRemaining(names::add);
      now.fieldNames().forEachRemaining(names::add);
      List<String> diffs = new java.util.ArrayList<>();
      for (String n : names) {
        var a = before.get(n);
        var b = now.get(n);
        if (a == null || b == null || !a.equals(b)) {
          diffs.add(n + " " + shown(a) + " -> " + shown(b));
        }
      }
      if (diffs.isEmpty()) {
        return "the settings differ";
      }
      String named = String.join(", ", diffs.subList(0, Math.min(MAX_NAMED, diffs.size())));
      return diffs.size() > MAX_NAMED ? named + " and " + (diffs.size() - MAX_NAMED) + " more"
          : named;
    } catch (IOException | RuntimeException e) {
      return "the settings differ";
    }
  }

  private static String shown(com.fasterxml.jackson.databind.JsonNode v) {
    if (v == null || v.isNull()) {
      return "(not given)"; // an option without a default that the run did not set
    }
    String text = v.isTextual() ? v.asText() : v.toString();
    // a list option is stored as Java prints it ("[hare, lynx]", an array "[[32, 32]]"): show it
    // as it is typed (hare,lynx and 32,32)
    boolean list = false;
    while (text.length() >= 2 && text.startsWith("[") && text.endsWith("]")) {
      text = text.substring(1, text.length() - 1);
      list = true;
    }
    if (list) {
      text = text.replace(", ", ",");
    }
    return text.isEmpty() ? "(not given)" : text;
  }

  private static String describe(String identityJson) {
    try {
      var node = Json.mapper().readTree(identityJson);
      var command = node.get("command");
      if (command == null) {
        return "another run";
      }
      // demo's runs are told apart by the demo's name (its positional parameter NAME)
      var name = node.path("settings").get("NAME");
      return "'" + command.asText() + (name == null || name.isNull() || name.asText().isEmpty()
          ? "" : " " + name.asText()) + "'";
    } catch (IOException | RuntimeException e) {
      return "another run";
    }
  }

  /**
   * The directory to write the run's files into.
   *
   * @return the staging directory, a hidden sibling of the output directory
   */
  public Path dir() {
    return staging;
  }

  /**
   * The output directory the set replaces.
   *
   * @return its absolute path
   */
  public Path target() {
    return target;
  }

  /**
   * Swaps the written set in for the output directory, as the class describes.
   *
   * @throws IOException if a file cannot be synced or renamed; the old set then stays in place
   * @throws IllegalStateException if the set was already committed or discarded
   */
  public synchronized void commit() throws IOException {
    if (finished) {
      throw new IllegalStateException("the output set was already committed or discarded");
    }
    if (identity != null) {
      AtomicFiles.writeString(staging.resolve(FILES), String.join("\n", entries(staging)) + "\n");
      AtomicFiles.writeString(staging.resolve(IDENTITY), identity);
    }
    syncTree(staging);
    Path ready = sibling(target, "ready");
    move(staging, ready);
    finished = true;
    Path old = null;
    if (Files.exists(target)) {
      old = sibling(target, "old");
      move(target, old);
    }
    move(ready, target);
    syncDirectory(target.getParent());
    if (old != null) {
      deleteTree(old);
    }
    removeHook();
  }

  /**
   * Deletes the staging directory unless the set was committed: a failed or interrupted run
   * leaves the old output untouched and no temporary files.
   */
  @Override
  public void close() {
    discard();
    removeHook();
  }

  private void discard() {
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
    }
    // On SIGINT/SIGTERM the run's thread keeps going until the JVM halts and may still create a
    // file in the staging directory: sweep it again shortly after.
    int sweeps = Thread.currentThread() == hook ? 4 : 1;
    for (int i = 0; i < sweeps; i++) {
      try {
        if (i > 0) {
          Thread.sleep(50);
        }
        deleteTree(staging);
      } catch (IOException e) {
        // A file appeared or vanished during the sweep: the next sweep, or recover() of a
        // later run, removes what is left.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down; the hook runs or has run, and does nothing after a commit.
    }
  }

  /**
   * The hidden sibling of an output directory where a training run keeps its checkpoints: {@code
   * P/.D.checkpoint} for {@code P/D}. Checkpoints live outside the output set, so that an
   * interrupted run never replaces or mixes with a complete earlier output in {@code D}, and
   * survive there until the run that made them commits its output (then {@link #delete} removes
   * them). The directory is itself replaced as a set (one {@link OutputSet} per checkpoint).
   *
   * @param target the output directory
   * @return the checkpoint directory beside it
   * @throws IllegalArgumentException if the path has no parent or name
   */
  public static Path checkpointDir(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    if (abs.getParent() == null || abs.getFileName() == null) {
      throw new IllegalArgumentException("target: " + target + " has no parent directory; give a"
          + " directory path such as runs/out");
    }
    return abs.getParent().resolve("." + abs.getFileName() + ".checkpoint");
  }

  /**
   * Deletes a directory as a whole: it is first renamed to a hidden sibling ({@code
   * .D.trash-PID-R}), then deleted, so that a kill in between never leaves a partly deleted
   * directory under its name; {@link #recover} removes such leftovers. Missing is fine.
   *
   * @param dir the directory, e.g. {@link #checkpointDir}
   * @throws IOException if it cannot be renamed or deleted
   */
  public static void delete(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (!Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path trash = sibling(abs, "trash");
    move(abs, trash);
    syncDirectory(abs.getParent());
    deleteTree(trash);
  }

  /**
   * Finishes or undoes an interrupted swap into a directory and removes the temporary
   * directories of runs that are no longer running: if the directory is missing, the newest
   * complete ("ready") set becomes it, else the old set returns. The same is done for its
   * {@linkplain #checkpointDir checkpoint directory}.
   *
   * @param target the output directory
   * @throws IOException if a leftover cannot be renamed or deleted
   */
  public static void recover(Path target) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    recoverOne(abs);
    if (abs.getParent() != null && abs.getFileName() != null) {
      recoverOne(checkpointDir(abs));
    }
  }

  private static void recoverOne(Path abs) throws IOException {
    Path parent = abs.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return;
    }
    String prefix = "." + abs.getFileName() + ".";
    List<Path> ready = new ArrayList<>();
    List<Path> old = new ArrayList<>();
    List<Path> staging = new ArrayList<>();
    List<Path> trash = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent,
        p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path p : entries) {
        String rest = p.getFileName().toString().substring(prefix.length());
        if (!ownerGone(rest)) {
          continue;
        }
        if (rest.startsWith("ready-")) {
          ready.add(p);
        } else if (rest.startsWith("old-")) {
          old.add(p);
        } else if (rest.startsWith("staging-")) {
          staging.add(p);
        } else if (rest.startsWith("trash-")) {
          trash.add(p);
        }
      }
    }
    if (!Files.exists(abs)) {
      if (!ready.isEmpty()) {
        move(ready.remove(0), abs);
      } else if (!old.isEmpty()) {
        move(old.remove(0), abs);
      }
    }
    for (List<Path> leftovers : List.of(ready, old, staging, trash)) {
      for (Path p : leftovers) {
        deleteTree(p);
      }
    }
  }

  /** Whether the process that made a leftover named {@code kind-PID-R} has ended. */
  private static boolean ownerGone(String rest) {
    String[] parts = rest.split("-");
    // kind-PID-R with R the hexadecimal random part sibling() writes: a user's own hidden
    // directory such as .out.old-2024-jan is never taken for a leftover
    if (parts.length != 3 || !parts[2].matches("[0-9a-f]{1,16}")) {
      return false;
    }
    try {
      long pid = Long.parseLong(parts[1]);
      return pid != ProcessHandle.current().pid()
          && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Path sibling(Path target, String kind) {
    return target.getParent().resolve("." + target.getFileName() + "." + kind + "-"
        + ProcessHandle.current().pid() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
  }

  private static String readIdentity(Path dir) {
    try {
      return Files.readString(dir.resolve(IDENTITY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  /** The files and directories under a set, relative, sorted, without the two hidden records. */
  private static List<String> entries(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      return walk.filter(p -> !p.equals(dir))
          .map(p -> dir.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
          .filter(n -> !n.equals(IDENTITY) && !n.equals(FILES))
          .sorted()
          .toList();
    }
  }

  /**
   * The order in which messages name a directory's files: visible names first, then hidden ones
   * (a stopped Spark job's part files before their {@code .crc} files), each group sorted.
   */
  public static final java.util.Comparator<String> VISIBLE_FIRST =
      java.util.Comparator.comparing((String n) -> n.startsWith(".")).thenComparing(n -> n);

  /**
   * Up to three names at the top of a directory, visible ones first (a stopped Spark job's part
   * files before their hidden {@code .crc} files), each group sorted, then how many more; for messages.
   */
  private static String topLevelNames(Path dir) {
    try (var list = Files.list(dir)) {
      return names(list.map(p -> p.getFileName().toString()).sorted(VISIBLE_FIRST).toList());
    } catch (IOException e) {
      return "unreadable: " + reason(e);
    }
  }

  /** Up to three names, then how many more. */
  private static String names(List<String> all) {
    int shown = Math.min(3, all.size());
    return String.join(", ", all.subList(0, shown))
        + (all.size() > shown ? " and " + (all.size() - shown) + " more" : "");
  }

  /**
   * What lies in an earlier set that its run did not write (by its {@value #FILES} record); empty
   * if the set has no record (written before the record existed) or cannot be read.
   */
  private static List<String> foreignFiles(Path dir) throws IOException {
    Path record = dir.resolve(FILES);
    // without its record of files, nothing in the set is known to be the run's but its identity:
    // fail closed, so that nothing is deleted that the run may not have written
    java.util.Set<String> written = new java.util.HashSet<>(List.of(IDENTITY));
    if (Files.isRegularFile(record)) {
      written.addAll(Files.readAllLines(record, StandardCharsets.UTF_8));
    }
    List<String> foreign = new ArrayList<>();
    try {
      for (String e : entries(dir)) {
        // a foreign directory is named once, not with everything inside it
        if (!written.contains(e) && foreign.stream().noneMatch(f -> e.startsWith(f + "/"))) {
          foreign.add(e);
        }
      }
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    return foreign;
  }

  private static boolean isEmpty(Path dir) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /** Flushes every file under a directory, and the directories, to the disk. */
  static void syncTree(Path root) throws IOException {
    List<Path> dirs = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          // read access suffices to flush, also for files another user wrote (Spark's executors)
          try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) {
        dirs.add(dir);
        return FileVisitResult.CONTINUE;
      }
    });
    for (Path d : dirs) {
      syncDirectory(d);
    }
  }

  /**
   * Flushes a directory's entries to the disk, so that a rename into it survives a crash; a
   * no-op on platforms that cannot open directories.
   *
   * @param dir the directory
   */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not supported here (e.g. Windows); the rename is still atomic.
    }
  }

  /** Deletes a directory tree; missing entries are fine. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
