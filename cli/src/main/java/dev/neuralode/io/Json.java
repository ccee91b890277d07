package dev.neuralode.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
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
   * Reads a JSON file into an object of the given type.
   *
   * @param file the file to read
   * @param type the class to bind to, e.g. a record
   * @param <T> the result type
   * @return the bound object
   * @throws InputException if the file is missing or unreadable, is not valid JSON, or does not
   *     match {@code type}; the message names the file, the line and the problem
   */
  public static <T> T read(Path file, Class<T> type) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(type, "type");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InputException(file, 0, "file not found; check the path (relative paths start at "
          + Path.of("").toAbsolutePath() + ")", e);
    } catch (AccessDeniedException e) {
      throw new InputException(file, 0, "permission denied; make the file readable", e);
    } catch (IOException e) {
      throw new InputException(file, 0, "cannot read the file (" + e + ")", e);
    }
    if (bytes.length == 0) {
      throw InputException.at(file, 0, "the file is empty; expected a JSON "
          + type.getSimpleName() + " object");
    }
    String summaryOf = summaryCommand(bytes);
    if (summaryOf != null) {
      throw InputException.at(file, 0, "is the summary.json of 'neuralode " + summaryOf
          + "', not a model file; pass the model.json in the same directory");
    }
    try {
      return MAPPER.readValue(bytes, type);
    } catch (DatabindException e) {
      throw new InputException(file, line(e), "does not match the " + type.getSimpleName()
          + " format (" + e.getOriginalMessage().replaceAll(" ?\\((class|through reference chain:) [^)]*\\)", "")
          + "); was it written by this version of neuralode?", e);
    } catch (JsonProcessingException e) {
      throw new InputException(file, line(e), "is not valid JSON (" + e.getOriginalMessage()
          + ")", e);
    } catch (IOException e) {
      throw new InputException(file, 0, "cannot read the file (" + e + ")", e);
    }
  }

  /** The command of a {@code summary.json} (an object with "command", "settings" and "files"), else null. */
  private static String summaryCommand(byte[] bytes) {
    try {
      com.fasterxml.jackson.databind.JsonNode node = MAPPER.readTree(bytes);
      if (node != null && node.isObject() && node.has("settings") && node.has("files")
          && node.path("command").isTextual()) {
        return node.get("command").asText();
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: the binding below reports it
    }
    return null;
  }

  /**
   * Returns the top-level {@code kind} field of a model file, without binding the rest, so that a
   * command given the wrong kind of model can say so before the format check.
   *
   * @param file the file to peek at
   * @return the {@code kind} string, or {@code null} if the file is unreadable, not a JSON object
   *     or has no textual {@code kind}; {@link #read(Path, Class)} then reports the problem
   */
  public static String peekKind(Path file) {
    try {
      com.fasterxml.jackson.databind.JsonNode node = MAPPER.readTree(Files.readAllBytes(file));
      com.fasterxml.jackson.databind.JsonNode kind = node == null ? null : node.get("kind");
      return kind != null && kind.isTextual() ? kind.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long line(JsonProcessingException e) {
    return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
  }
}
