package dev.neuralode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.InputException;
import dev.neuralode.io.Json;
import dev.neuralode.io.OutputSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A training checkpoint as {@code checkpoint.json}: the command, the arguments it was started
 * with (so that {@code --resume DIR} continues with the same settings) and the training state
 * (parameters, optimizer state, iteration, loss history). It lives in the hidden sibling {@code
 * .DIR.checkpoint} of the output directory {@code DIR} ({@link OutputSet#checkpointDir}), never
 * in {@code DIR} itself: an interrupted run leaves a complete earlier output in {@code DIR} as it
 * was. Each save replaces that directory as a set ({@link OutputSet}), atomically; a run that
 * commits its output deletes it ({@link #discard}).
 *
 * <pre>{@code
 * {"format": "neuralode-checkpoint", "version": 1, "command": "fit",
 *  "arguments": ["--data", "lynx_hare.csv", "--iterations", "1000", ..],
 *  "state": {..the command's training state..}}
 * }</pre>
 *
 * @param format always {@value #FORMAT}
 * @param version {@value #VERSION}
 * @param command the command that wrote it, e.g. {@code fit}
 * @param arguments the command's arguments, less those that do not change the run
 * @param state the training state, in the command's own layout
 */
record CheckpointFile(String format, Integer version, String command, List<String> arguments,
    JsonNode state) {

  /** The file name in the output directory. */
  static final String NAME = "checkpoint.json";
  /** The value of {@code format}. */
  static final String FORMAT = "neuralode-checkpoint";
  /** The version this code writes and reads. */
  static final int VERSION = 1;

  /** Options left out of the stored arguments: they concern this invocation only. */
  private static final Set<String> NOT_STORED = Set.of("--resume", "--stop-after", "--quiet",
      "--help");

  /**
   * The arguments a command was given, as strings, less {@code --resume}, {@code --quiet} and
   * the like ({@code --overwrite} is kept: the resumed run may replace what the first could).
   *
   * @param spec the running command's spec
   * @return the arguments, options in declaration order
   */
  static List<String> arguments(CommandSpec spec) {
    List<String> args = new ArrayList<>();
    CommandLine.ParseResult pr = spec.commandLine().getParseResult();
    for (CommandLine.Model.OptionSpec o : spec.options()) {
      if (NOT_STORED.contains(o.longestName()) || pr == null || !pr.hasMatchedOption(o)) {
        continue;
      }
      if (o.arity().max() == 0) {
        args.add(o.longestName());
      } else {
        for (String v : o.originalStringValues()) {
          args.add(o.longestName());
          args.add(v);
        }
      }
    }
    for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
      args.addAll(p.originalStringValues());
    }
    return args;
  }

  /**
   * Writes a checkpoint for an output directory into its checkpoint directory ({@link
   * OutputSet#checkpointDir}), replacing the previous checkpoint as a set; the output directory
   * itself is not touched.
   *
   * @param spec the running command's spec (identifies the run)
   * @param out the output directory
   * @param arguments the stored arguments
   * @param state the training state, a record Jackson can write
   * @param copies directories whose visible files go into the set too (e.g. frames so far)
   * @throws java.io.UncheckedIOException if it cannot be written
   */
  static void save(CommandSpec spec, Path out, List<String> arguments, Object state,
      Path... copies) {
    CheckpointFile file = new CheckpointFile(FORMAT, VERSION, spec.name(), arguments,
        Json.mapper().valueToTree(state));
    try (OutputSet set = CommandSupport.beginOutput(spec, OutputSet.checkpointDir(out), true)) {
      for (Path dir : copies) {
        Path to = Files.createDirectories(set.dir().resolve(dir.getFileName().toString()));
        try (var files = Files.newDirectoryStream(dir, "[!.]*")) {
          for (Path f : files) {
            Files.copy(f, to.resolve(f.getFileName().toString()));
          }
        }
      }
      Json.write(set.dir().resolve(NAME), file);
      set.commit();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Deletes the checkpoints of an output directory, once its run has committed its output.
   *
   * @param out the output directory
   * @throws IOException if they cannot be deleted
   */
  static void discard(Path out) throws IOException {
    OutputSet.delete(OutputSet.checkpointDir(out));
  }

  /**
   * The directory that holds the checkpoint of an output directory: its checkpoint directory
   * ({@link OutputSet#checkpointDir}), or, as written by earlier versions, the directory itself.
   *
   * @param dir the directory given to {@code --resume}
   * @return where {@value #NAME} is, or the checkpoint directory if there is none
   */
  static Path locate(Path dir) {
    Path sibling = OutputSet.checkpointDir(dir);
    if (!Files.isRegularFile(sibling.resolve(NAME)) && Files.isRegularFile(dir.resolve(NAME))) {
      return dir;
    }
    return sibling;
  }

  /**
   * Finishes or undoes a checkpoint swap that a halted run (a second signal, a kill) left, as the
   * next run into the directory does, so that the checkpoint is where {@link #locate} looks; what
   * cannot be tidied is left for the output set's {@code begin}, and missing files for the caller's
   * checks, to report.
   *
   * @param dir the output directory
   */
  static void recoverSwap(Path dir) {
    try {
      OutputSet.recover(dir);
    } catch (IOException | RuntimeException e) {
      // reported later, as above
    }
  }

  /**
   * Reads the checkpoint of an output directory.
   *
   * @param dir the directory given to {@code --resume}
   * @param command the command that must have written it
   * @return the checkpoint
   * @throws InputException if there is none, or it is of another command or version
   */
  static CheckpointFile load(Path dir, String command) {
    recoverSwap(dir);
    Path file = locate(dir).resolve(NAME);
    if (!Files.isRegularFile(file)) {
      throw InputException.at(dir, 0, "has no checkpoint to resume from (looked for "
          + OutputSet.checkpointDir(dir).getFileName() + "/" + NAME + " beside it); give --resume"
          + " the --out directory of an interrupted '" + command + "' run");
    }
    CheckpointFile c = Json.read(file, CheckpointFile.class);
    if (!FORMAT.equals(c.format()) || c.version() == null || c.version() != VERSION
        || c.arguments() == null || c.state() == null) {
      throw InputException.at(file, 0, "is not a neuralode checkpoint of version " + VERSION);
    }
    if (!command.equals(c.command())) {
      throw InputException.at(file, 0, "is a checkpoint of '" + c.command() + "'; resume it with"
          + " 'neuralode " + c.command() + " --resume " + dir + "'");
    }
    return c;
  }

  /**
   * Parses the stored arguments into a fresh command object, as the running command's sibling:
   * the resumed run prints and writes as the interrupted one did (the same status prefix, e.g.
   * {@code neuralode fit:}).
   *
   * @param spec the running command's spec ({@code --resume} given)
   * @param dir the directory given to {@code --resume}
   * @param fresh a new command object of the same class
   * @param <C> the command's class
   * @return {@code fresh}, its options set from the checkpoint
   * @throws InputException if the stored arguments no longer parse
   */
  <C> C parseInto(CommandSpec spec, Path dir, C fresh) {
    warnIgnored(spec);
    CommandLine line = Errors.install(new CommandLine(fresh));
    line.setOut(spec.commandLine().getOut());
    line.setErr(spec.commandLine().getErr());
    List<String> args = new ArrayList<>(arguments);
    CommandLine parser = line;
    if (spec.parent() != null) {
      // Parsed as the same subcommand of a bare parent: the resumed run's qualified name, and
      // so its status and progress prefix, is that of the interrupted one (e.g. "neuralode fit").
      parser = new CommandLine(CommandSpec.create().name(spec.parent().name()));
      parser.addSubcommand(spec.name(), line);
      args.add(0, spec.name());
    }
    try {
      parser.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw InputException.at(locate(dir).resolve(NAME), 0, "holds arguments this version"
          + " cannot read (" + e.getMessage() + ")");
    }
    return fresh;
  }

  /** Options that a resumed run takes from the command line rather than from the checkpoint. */
  private static final java.util.Set<String> RESUME_OPTIONS = java.util.Set.of("--resume",
      "--threads", "--quiet", "--overwrite", "--stop-after", "--help", "--version");

  /**
   * One line on stderr (none with {@code --quiet}) naming the options given beside {@code
   * --resume} that the resumed run ignores, since its settings come from the checkpoint.
   */
  static void warnIgnored(CommandSpec spec) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    if (parsed == null || parsed.hasMatchedOption("--quiet") || !parsed.hasMatchedOption("--resume")) {
      return;
    }
    List<String> ignored = new ArrayList<>();
    for (CommandLine.Model.OptionSpec o : parsed.matchedOptions()) {
      if (!RESUME_OPTIONS.contains(o.longestName()) && !ignored.contains(o.longestName())) {
        ignored.add(o.longestName());
      }
    }
    if (!ignored.isEmpty()) {
      CommandSupport.status(spec, false, "warning: ignoring " + String.join(", ", ignored)
          + ": --resume continues with the settings stored in the checkpoint");
    }
  }

  /**
   * Reads the training state in a command's layout.
   *
   * @param dir the directory, for messages
   * @param type the state's record type
   * @param <T> the type
   * @return the state
   * @throws InputException if it does not match
   */
  <T> T state(Path dir, Class<T> type) {
    return Json.bind(locate(dir).resolve(NAME), state, type);
  }
}
