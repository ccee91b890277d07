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
 * A training checkpoint as {@code checkpoint.json} in a run's output directory: the command, the
 * arguments it was started with (so that {@code --resume DIR} continues with the same settings)
 * and the training state (parameters, optimizer state, iteration, loss history). Saving replaces
 * the output directory with a set holding the checkpoint ({@link OutputSet}), atomically.
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
      "--help", "--overwrite");

  /**
   * The arguments a command was given, as strings, less {@code --resume}, {@code --quiet} and
   * the like.
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
   * Writes a checkpoint into the output directory, replacing it with a set that holds the
   * checkpoint.
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
    try (OutputSet set = CommandSupport.beginOutput(spec, out, true)) {
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
   * Reads the checkpoint of an output directory.
   *
   * @param dir the directory given to {@code --resume}
   * @param command the command that must have written it
   * @return the checkpoint
   * @throws InputException if there is none, or it is of another command or version
   */
  static CheckpointFile load(Path dir, String command) {
    Path file = dir.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      throw InputException.at(dir, 0, "holds no " + NAME + " to resume from; give --resume the"
          + " --out directory of an interrupted '" + command + "' run");
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
   * Reads the training state in a command's layout.
   *
   * @param dir the directory, for messages
   * @param type the state's record type
   * @param <T> the type
   * @return the state
   * @throws InputException if it does not match
   */
  <T> T state(Path dir, Class<T> type) {
    return Json.bind(dir.resolve(NAME), state, type);
  }
}
