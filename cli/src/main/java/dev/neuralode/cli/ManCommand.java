package dev.neuralode.cli;

import dev.neuralode.io.AtomicFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neuralode man}: writes the manual page {@code neuralode(1)} in troff ({@code man -l}
 * reads it), generated from the same option definitions as {@code --help}: every command, every
 * option with its default, the exit statuses. Install it with {@code ./neuralode man --out
 * ~/.local/share/man/man1/neuralode.1}, then {@code man neuralode} (with {@code
 * MANPATH=~/.local/share/man:} where man does not search that directory already).
 */
@Command(name = "man", sortOptions = false, usageHelpAutoWidth = true,
    description = {"Write the manual page neuralode(1) (troff, for man).", ""},
    footer = {"", "Examples:", "  neuralode man | man -l -",
        "  neuralode man --out ~/.local/share/man/man1/neuralode.1",
        "  MANPATH=~/.local/share/man: man neuralode",
        "    (MANPATH= only where man does not already search ~/.local/share/man)"})
public final class ManCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the page to this file (atomically) instead of stdout.")
  Path out;

  @Option(names = {"-q", "--quiet"}, description = Vocabulary.QUIET)
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  /** Creates the command; picocli sets the options. */
  public ManCommand() {}

  /**
   * Writes the page.
   *
   * @return 0
   * @throws Exception as mapped to exit statuses by {@link Errors}
   */
  @Override
  public Integer call() throws Exception {
    String page = page(spec.root());
    if (out != null) {
      if (out.toAbsolutePath().getParent() != null) {
        java.nio.file.Files.createDirectories(out.toAbsolutePath().getParent());
      }
      AtomicFiles.writeString(out, page);
      CommandSupport.status(spec, quiet, "wrote " + out);
    } else {
      spec.commandLine().getOut().print(page);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  /**
   * The manual page of a command tree.
   *
   * @param root the top-level command
   * @return the page in troff with the man macros
   */
  @SuppressWarnings("deprecation") // ArgSpec.renderedDescription: picocli's help text with ${DEFAULT-VALUE} filled in
  static String page(CommandSpec root) {
    StringBuilder b = new StringBuilder();
    String version = BuildVersion.version();
    b.append(".TH NEURALODE 1 \"\" \"neuralode ").append(esc(version)).append("\" \"User Commands\"\n");
    b.append(".SH NAME\nneuralode \\- ").append(esc(first(root))).append('\n');
    b.append(".SH SYNOPSIS\n.B neuralode\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n.br\n.B neuralode\n")
        .append("[\\fB\\-h\\fR|\\fB\\-\\-help\\fR|\\fB\\-V\\fR|\\fB\\-\\-version\\fR]\n");
    b.append(".SH DESCRIPTION\n");
    b.append("Neural ODEs and continuous normalizing flows from the shell. Progress and status lines go to"
        + " standard error, data to the files named by \\fB\\-\\-out\\fR (or standard output). Every"
        + " command takes \\fB\\-q\\fR/\\fB\\-\\-quiet\\fR and \\fB\\-h\\fR/\\fB\\-\\-help\\fR.\n");
    b.append(".SH COMMANDS\n");
    for (Map.Entry<String, CommandLine> e : root.subcommands().entrySet()) {
      CommandSpec sub = e.getValue().getCommandSpec();
      if (!e.getKey().equals(sub.name()) || e.getKey().equals("help")) {
        continue;   // an alias, or picocli's help command
      }
      b.append(".SS \"neuralode ").append(esc(sub.name())).append("\"\n");
      for (String raw : sub.usageMessage().description()) {
        String line = raw.replace("%%", "%"); // picocli's descriptions are format strings
        b.append(line.isEmpty() ? ".PP" : line.startsWith(" ") ? ".nf\n" + esc(line) + "\n.fi" : esc(line))
            .append('\n');
      }
      for (PositionalParamSpec p : sub.positionalParameters()) {
        b.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n")
            .append(esc(String.join(" ", p.renderedDescription()))).append('\n');
      }
      for (OptionSpec o : sub.options()) {
        if (o.hidden()) {
          continue;
        }
        b.append(".TP\n");
        List<String> names = List.of(o.names());
        for (int i = 0; i < names.size(); i++) {
          b.append(i > 0 ? ", " : "").append("\\fB").append(esc(names.get(i))).append("\\fR");
        }
        if (o.typeInfo().isBoolean() && o.arity().max() == 0) {
          b.append('\n');
        } else {
          b.append(o.arity().min() == 0 ? " [\\fI" : " \\fI").append(esc(o.paramLabel()))
              .append(o.arity().min() == 0 ? "\\fR]\n" : "\\fR\n");
        }
        b.append(esc(String.join(" ", o.renderedDescription()))).append('\n');
      }
      for (String raw : sub.usageMessage().footer()) {
        // indented lines (the examples) as they are: no filling, justification or hyphenation
        String line = raw.replace("%%", "%");
        b.append(line.isEmpty() ? ".PP" : line.startsWith(" ") ? ".nf\n" + esc(line) + "\n.fi" : ".br\n" + esc(line))
            .append('\n');
      }
    }
    b.append(".SH EXIT STATUS\n.TP\n0\nsuccess (warnings, such as a fit that barely beats its baseline, go to"
        + " standard error and summary.json)\n.TP\n1\nthe run failed, for example a solver that could not"
        + " continue\n.TP\n2\nbad input or usage; one line on standard error says what to fix\n.TP\n"
        + Interrupts.EXIT_STATUS + "\na training command (demo, fit, density, latent) stopped by Ctrl\\-C (SIGINT) or"
        + " SIGTERM; it saved a checkpoint, and standard error names the command that resumes it; also a"
        + " Spark command (neuralode spark ...) stopped so, which keeps no checkpoint\n");
    b.append(".SH SEE ALSO\nThe README of the neuralode sources; \\fBneuralode generate\\-completion\\fR for"
        + " bash/zsh completion.\n");
    return b.toString();
  }

  private static String first(CommandSpec spec) {
    String[] d = spec.usageMessage().description();
    String s = d.length == 0 ? "" : d[0].replaceAll("\\.$", "");
    return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }

  /** Escapes text for troff: backslashes, hyphens, and a leading dot or quote. */
  static String esc(String s) {
    String t = s.replace("\\", "\\e").replace("-", "\\-");
    return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
  }
}
