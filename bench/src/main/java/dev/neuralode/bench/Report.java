package dev.neuralode.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes {@code RESULTS.md} and {@code results.json} (each atomically: a temporary file, then a move). */
final class Report {
  private Report() {}

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    double a = Math.abs(v);
    String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : a >= 0.01 ? "%.3f" : "%.2g";
    return String.format(Locale.ROOT, f, v);
  }

  static String markdown(List<Row> rows, Map<String, String> meta) {
    StringBuilder sb = new StringBuilder("# neuralode benchmarks\n\n");
    sb.append("Written by `bench/run`").append(meta.get("mode").equals("quick")
        ? " in **quick mode** (a smoke check: seconds per workload, not real figures)" : "").append(".\n\n");
    for (Map.Entry<String, String> e : meta.entrySet()) {
      sb.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    sb.append("\nRatios are oriented so that larger is better for neuralode: the peer's time over ours,"
        + " or our throughput over the peer's. Medians; peers alternated or in one JMH run.\n\n");
    sb.append("| id | workload | ours | peer | ratio | target | met? |\n|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      String unit = r.unit().isEmpty() ? "" : " " + r.unit();
      sb.append("| ").append(cell(r.id())).append(" | ").append(cell(r.workload())).append(" | ")
          .append(fmt(r.ours())).append(Double.isNaN(r.ours()) ? "" : unit).append(" | ")
          .append(fmt(r.peer())).append(Double.isNaN(r.peer()) ? "" : unit)
          .append(r.peerName().isEmpty() ? "" : " (" + cell(r.peerName()) + ")").append(" | ")
          .append(Double.isNaN(r.ratio()) ? "—" : fmt(r.ratio()) + "×").append(" | ")
          .append(cell(r.target())).append(" | ").append(r.met()).append(" |\n");
    }
    sb.append("\n## Notes\n\n");
    for (Row r : rows) {
      if (!r.note().isEmpty()) {
        sb.append("- **").append(r.id()).append("**: ").append(r.note().replace("|", "\\|")).append('\n');
      }
    }
    return sb.toString();
  }

  /** A table cell: a '|' would end it, so it is escaped. */
  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  static String json(List<Row> rows, Map<String, String> meta) {
    StringBuilder sb = new StringBuilder("{\n  \"meta\": {");
    boolean first = true;
    for (Map.Entry<String, String> e : meta.entrySet()) {
      sb.append(first ? "\n" : ",\n").append("    ").append(str(e.getKey())).append(": ").append(str(e.getValue()));
      first = false;
    }
    sb.append("\n  },\n  \"rows\": [");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      sb.append(i == 0 ? "\n" : ",\n").append("    {\"id\": ").append(str(r.id()))
          .append(", \"workload\": ").append(str(r.workload()))
          .append(", \"ours\": ").append(num(r.ours()))
          .append(", \"peer\": ").append(num(r.peer()))
          .append(", \"unit\": ").append(str(r.unit()))
          .append(", \"peer_name\": ").append(str(r.peerName()))
          .append(", \"ratio\": ").append(num(r.ratio()))
          .append(", \"target\": ").append(str(r.target()))
          .append(", \"met\": ").append(str(r.met()))
          .append(", \"note\": ").append(str(r.note())).append('}');
    }
    return sb.append("\n  ]\n}\n").toString();
  }

  private static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }

  private static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
