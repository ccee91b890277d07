package dev.neuralode.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads and writes JSON files (model files, {@code summary.json}) with one shared, pretty-printing
 * Jackson {@link ObjectMapper}. Records and plain objects map to JSON objects; writes are atomic.
 */
public final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  /**
   * Returns the shared mapper. It is thread-safe; do not reconfigure it, use {@link
   * ObjectMapper#copy()} for a variant.
   *
   * @return the shared mapper: pretty-printing, failing on unknown properties when reading
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Serializes {@code value} as pretty-printed JSON, ending in a newline.
   *
   * @param value a record, bean, map, list or scalar
   * @return the JSON text
   * @throws IllegalArgumentException if Jackson cannot serialize the value
   */
  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value: cannot be written as JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  /**
   * Writes {@code value} as pretty-printed JSON to {@code file}, atomically.
   *
   * @param file the file to create or replace; parent directories are created
   * @param value a record, bean, map, list or scalar
   * @throws IllegalArgumentException if Jackson cannot serialize the value
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, Object value) throws IOException {
    AtomicFiles.writeString(file, toJson(value));
  }

  /**
   * The largest JSON file {@link #read(Path, Class)} accepts: {@value} bytes (64 MiB). The size is
   * checked before parsing (and, for a FIFO, while reading), so that an oversized file is refused
   * quickly and without using gigabytes of memory.
   */
  public static final long MAX_BYTES = 64L << 20;

  /** Reading is strict: duplicate keys, trailing content, 1.9 for an integer and "1" for 1 fail. */
  private static final ObjectMapper STRICT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

  /**
   * Reads a JSON file into an object of the given type, strictly: the file is read once (a FIFO
   * works) and at most {@link #MAX_BYTES} bytes long; a key repeated in an object, content after
   * the top-level value, a fraction or string where an integer belongs, and {@code null} anywhere
   * are refused, each with the field named.
   *
   * @param file the file to read
   * @param type the class to bind to, e.g. a record
   * @param <T> the result type
   * @return the bound object
   * @throws InputException if the file is missing or unreadable, too large, is not valid strict
   *     JSON, or does not match {@code type}; the message names the file, the line or field and
   *     the problem
   */
  public static <T> T read(Path file, Class<T> type) {
    com.fasterxml.jackson.databind.JsonNode tree = readTree(file, readable(type));
    if (tree.has("settings") && tree.has("files")) {
      // a local run's summary.json (its settings and the files it wrote) is never what a typed
      // read wants: say which file to pass
      refuseSummary(file, tree);
    }
    return bind(file, tree, type);
  }

  /**
   * Reads a JSON file into a tree, strictly as {@link #read(Path, Class)} does, without binding
   * it, so that a caller can look at a field (such as a model's {@code kind}) first.
   *
   * @param file the file to read
   * @param what what the file should hold, for messages, e.g. {@code "ModelFile"}
   * @return the tree, an object node or another non-null value
   * @throws InputException as {@link #read(Path, Class)}
   */
  public static com.fasterxml.jackson.databind.JsonNode readTree(Path file, String what) {
    Objects.requireNonNull(file, "file");
    byte[] bytes = readBounded(file);
    if (bytes.length == 0) {
      throw InputException.at(file, 0, "the file is empty; expected a JSON " + what + " object");
    }
    com.fasterxml.jackson.databind.JsonNode tree;
    try {
      tree = STRICT.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new InputException(file, line(e), "is not valid JSON: " + JsonProblems.describe(e), e);
    } catch (IOException e) {
      throw new InputException(file, 0, "cannot read the file (" + e + ")", e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw InputException.at(file, 0, "holds no JSON value; expected a JSON " + what
          + " object");
    }
    if (tree.isNull()) {
      throw InputException.at(file, 0, "holds null; expected a JSON " + what + " object");
    }
    String nullField = firstNull(tree);
    if (nullField != null) {
      throw InputException.at(file, 0, "field '" + nullField + "' is null; give a value (or"
          + " refit the model if the file was written by neuralode)");
    }
    return tree;
  }

  /**
   * Refuses a run's summary where a model file belongs, with the fix: every command's {@code
   * summary.json} (and {@code spark ensemble-solve}'s {@code _neuralode_summary.json}) has a textual
   * {@code command} field, which no model file has. The local commands' summaries list the files
   * they wrote; the Spark jobs' do not, and {@code spark density} and {@code spark fit-ensemble}
   * put a {@code model.json} beside theirs.
   *
   * @param file the file the tree came from, named in the message
   * @param tree the file's content
   * @throws InputException if the tree is such a summary, saying which model file to pass instead
   */
  public static void refuseSummary(Path file, com.fasterxml.jackson.databind.JsonNode tree) {
    refuseSummary(file, tree, null);
  }

  /**
   * As {@link #refuseSummary(Path, com.fasterxml.jackson.databind.JsonNode)}, for a caller that
   * needs one kind of model: the model.json beside a summary is suggested only if its command
   * writes that kind ({@code fit} and {@code spark fit-ensemble} a fitted time series, {@code
   * density} and {@code spark density} a flow, {@code latent} a latent ODE).
   *
   * @param file the file the tree came from, named in the message
   * @param tree the file's content
   * @param kind the model kind needed ({@code ode-mlp}, {@code cnf}, {@code latent-ode}), or null for any
   * @throws InputException if the tree is such a summary, saying which model file to pass instead
   */
  public static void refuseSummary(Path file, com.fasterxml.jackson.databind.JsonNode tree, String kind) {
    if (!tree.isObject() || !tree.path("command").isTextual() || tree.has("format")) {
      // (model files and checkpoints have a "format"; summaries do not)
      return;
    }
    boolean wroteModel = false;
    if (tree.has("files")) {
      for (com.fasterxml.jackson.databind.JsonNode f : tree.get("files")) {
        wroteModel |= "model.json".equals(f.asText());
      }
    } else {
      wroteModel = java.nio.file.Files.isRegularFile(file.toAbsolutePath().resolveSibling("model.json"));
    }
    String command = tree.get("command").asText();
    String writes = switch (command) {
      case "fit", "spark fit-ensemble" -> "ode-mlp";
      case "density", "spark density" -> "cnf";
      case "latent" -> "latent-ode";
      default -> null;
    };
    String start = "is the " + file.getFileName() + " of 'neuralode " + command + "', not a model file; ";
    if (wroteModel && (kind == null || writes == null || kind.equals(writes))) {
      throw InputException.at(file, 0, start + "pass the model.json in the same directory");
    }
    String which = kind == null ? "'neuralode fit' or 'neuralode spark fit-ensemble' (for predict and spark"
        + " ensemble-solve) or 'neuralode density' or 'neuralode spark density' (for sample and logp)"
        : switch (kind) {
          case "cnf" -> "'neuralode density' or 'neuralode spark density' (a flow)";
          case "latent-ode" -> "'neuralode latent'";
          default -> "'neuralode fit' or 'neuralode spark fit-ensemble' (a fitted time series)";
        };
    // a demo or spark ensemble-solve writes no model file, and another command another kind: point
    // to the commands that write the kind needed
    throw InputException.at(file, 0, start + (wroteModel ? "the model.json beside it is of another kind; this"
        + " command needs one written by " : "that command writes no model.json: pass one written by ") + which);
  }

  /**
   * Binds a tree read by {@link #readTree(Path, String)} to a type.
   *
   * @param file the file it came from, named in messages
   * @param tree the tree
   * @param type the class to bind to
   * @param <T> the result type
   * @return the bound object
   * @throws InputException if the tree does not match the type
   */
  public static <T> T bind(Path file, com.fasterxml.jackson.databind.JsonNode tree,
      Class<T> type) {
    Objects.requireNonNull(type, "type");
    try {
      T value = STRICT.treeToValue(tree, type);
      if (value == null) {
        throw InputException.at(file, 0, "holds no " + readable(type) + " object");
      }
      return value;
    } catch (DatabindException e) {
      throw new InputException(file, line(e), "does not match the " + readable(type)
          + " format: " + JsonProblems.describe(e), e);
    } catch (JsonProcessingException e) {
      throw new InputException(file, line(e), "is not valid JSON: " + JsonProblems.describe(e), e);
    } catch (IllegalArgumentException e) {
      throw new InputException(file, 0, "does not match the " + readable(type)
          + " format (" + Decimal.shorten(String.valueOf(e.getMessage())) + ")", e);
    }
  }

  /**
   * A type's name in a user's words: its simple name split into lower-case words, with Cnf as CNF
   * ({@code ModelFile} is "model file", {@code CnfModelFile} "CNF model file").
   */
  static String readable(Class<?> type) {
    String[] words = type.getSimpleName().split("(?<=[a-z0-9])(?=[A-Z])");
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(w.equals("Cnf") ? "CNF" : w.toLowerCase(java.util.Locale.ROOT));
    }
    return sb.toString();
  }

  /** The path of the first null in the tree (iteratively, so deep nesting is safe), or null. */
  private static String firstNull(com.fasterxml.jackson.databind.JsonNode root) {
    java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
    stack.push(new Object[] {root, ""});
    while (!stack.isEmpty()) {
      Object[] top = stack.pop();
      com.fasterxml.jackson.databind.JsonNode node = (com.fasterxml.jackson.databind.JsonNode) top[0];
      String path = (String) top[1];
      if (node.isNull()) {
        return path.isEmpty() ? "(top level)" : path;
      }
      if (node.isObject()) {
        for (java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e : node.properties()) {
          stack.push(new Object[] {e.getValue(),
              (path.isEmpty() ? "" : path + ".") + Decimal.shorten(e.getKey())});
        }
      } else if (node.isArray()) {
        for (int i = node.size() - 1; i >= 0; i--) {
          stack.push(new Object[] {node.get(i), path + "[" + i + "]"});
        }
      }
    }
    return null;
  }

  private static byte[] readBounded(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw InputException.at(file, 0, "is a directory; give the path of a JSON file"
            + (java.nio.file.Files.isRegularFile(file.resolve("model.json"))
                ? " such as " + file.resolve("model.json") : ""));
      }
      if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
        throw InputException.at(file, 0, "is " + Files.size(file) + " bytes, over the limit of "
            + MAX_BYTES + " bytes (64 MiB) for JSON files; it is not a neuralode file or is"
            + " damaged");
      }
      try (java.io.InputStream in = Files.newInputStream(file)) {
        byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
          throw InputException.at(file, 0, "is over the limit of " + MAX_BYTES + " bytes (64 MiB)"
              + " for JSON files; it is not a neuralode file or is damaged");
        }
        return bytes;
      }
    } catch (NoSuchFileException e) {
      throw new InputException(file, 0, "file not found; check the path (relative paths start at "
          + Path.of("").toAbsolutePath() + ")", e);
    } catch (AccessDeniedException e) {
      throw new InputException(file, 0, "permission denied; make the file readable", e);
    } catch (IOException e) {
      throw new InputException(file, 0, "cannot read the file (" + e + ")", e);
    }
  }

  private static long line(JsonProcessingException e) {
    return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
  }
}
