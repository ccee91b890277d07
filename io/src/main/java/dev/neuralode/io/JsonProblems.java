package dev.neuralode.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's parse and binding errors in the user's terms: what is wrong in the file (the key or
 * value, where it is) and what to change, without Java class names, Jackson feature names or token
 * types. For example, {@code "version": 1.0} gives {@code field 'version' holds 1.0 where a whole
 * number belongs; write it without a fraction (1)}.
 */
final class JsonProblems {

  private static final Pattern COERCE = Pattern.compile(
      "Cannot coerce ([\\w-]+) value \\((.*?)\\) to `([^`]+)`");
  private static final Pattern DESERIALIZE = Pattern.compile(
      "Cannot deserialize value of type `([^`]+)` from ([\\w-]+) value(?: \\((.*?)\\))?");
  private static final Pattern MISSING = Pattern.compile("Missing required creator property '([^']*)'");
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");

  private JsonProblems() {}

  /**
   * Describes a Jackson error as one line: the problem, then after {@code ;} the fix.
   *
   * @param e the error from parsing or binding
   * @return the description, at most about 200 characters
   */
  static String describe(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage());
    String at = path(e);
    String field = at.isEmpty() ? "the value" : "field '" + at + "'";
    if (e instanceof UnrecognizedPropertyException u) {
      String where = at.contains(".") ? " in '" + at.substring(0, at.lastIndexOf('.')) + "'" : "";
      return "unknown field '" + Decimal.shorten(String.valueOf(u.getPropertyName())) + "'" + where
          + "; remove it or check its spelling";
    }
    if (m.startsWith("Trailing token")) {
      return "more text follows the end of the JSON value; delete everything after its closing"
          + " bracket";
    }
    Matcher d = DUPLICATE.matcher(m);
    if (d.find()) {
      return "key '" + Decimal.shorten(d.group(1)) + "' appears twice in one object; keep one";
    }
    Matcher missing = MISSING.matcher(m);
    if (missing.find()) {
      String name = at.isEmpty() ? missing.group(1)
          : at.endsWith(missing.group(1)) ? at : at + "." + missing.group(1);
      return "field '" + Decimal.shorten(name) + "' is missing; add it";
    }
    Matcher c = COERCE.matcher(m);
    if (c.find()) {
      return wrongType(field, c.group(1), c.group(2), c.group(3));
    }
    Matcher des = DESERIALIZE.matcher(m);
    if (des.find()) {
      return wrongType(field, des.group(2), des.group(3), des.group(1));
    }
    if (m.startsWith("Unexpected end-of-input")) {
      return "the text ends before the JSON value is complete; add the missing closing brackets or"
          + " quotes (or restore the cut-off file)";
    }
    // a syntax error such as "Unexpected character ('}' (code 125)): was expecting ..."
    String plain = m.replaceAll(" \\(code \\d+\\)", "")
        .replaceAll("\\s*\\(start marker at \\[Source:[^]]*\\]\\)", "")
        .replaceAll("`[^`]*\\.([A-Za-z]+)`", "$1")
        .replaceAll(" ?\\((class|through reference chain:|but could if|bound as) [^)]*\\)", "")
        .replaceAll("\\s+", " ").trim();
    if (plain.length() > 160) {
      plain = plain.substring(0, 160) + "…";
    }
    return (at.isEmpty() ? "" : "at '" + at + "': ") + plain + "; correct the JSON there";
  }

  /** A value of the wrong kind, e.g. 1.0 or "1" where a whole number belongs. */
  private static String wrongType(String field, String kind, String value, String javaType) {
    String wanted = typeName(javaType);
    String got;
    String fix;
    if (kind.equals("Floating-point") && wanted.equals("a whole number")) {
      got = value;
      String whole = value == null ? null : value.replaceAll("\\.0+$", "");
      fix = whole != null && whole.matches("-?\\d+") ? "write it without a fraction (" + whole + ")"
          : "give a whole number";
    } else if (kind.equals("String") && value != null) {
      got = "the text " + Decimal.shorten(value);
      // "1" for 1: the quotes are the mistake; "two" for a number: the value is
      String inner = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
          ? value.substring(1, value.length() - 1) : value;
      boolean numeric = inner.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
      fix = numeric && (wanted.equals("a number") || wanted.equals("a whole number")
          && inner.matches("-?\\d+")) ? "remove the quotes" : "give " + wanted;
    } else {
      got = value != null && !value.isEmpty() && !value.startsWith("token")
          ? Decimal.shorten(value) : article(kind.toLowerCase(java.util.Locale.ROOT));
      fix = "give " + wanted;
    }
    return field + " holds " + got + " where " + wanted + " belongs; " + fix;
  }

  private static String article(String kind) {
    String k = switch (kind) {
      case "object" -> "object";
      case "array" -> "list";
      case "floating-point" -> "number with a fraction";
      case "integer" -> "whole number";
      case "boolean" -> "true/false value";
      default -> kind + " value";
    };
    return ("aeiou".indexOf(k.charAt(0)) >= 0 ? "an " : "a ") + k;
  }

  private static String typeName(String javaType) {
    String t = javaType.replace("java.lang.", "");
    if (t.endsWith("[]") || t.startsWith("java.util.List") || t.startsWith("java.util.Set")) {
      return t.startsWith("double") || t.startsWith("int") || t.startsWith("long")
          ? "a list of numbers" : "a list";
    }
    return switch (t) {
      case "int", "Integer", "long", "Long", "short", "Short" -> "a whole number";
      case "double", "Double", "float", "Float", "java.math.BigDecimal" -> "a number";
      case "String" -> "a string";
      case "boolean", "Boolean" -> "true or false";
      default -> "an object";
    };
  }

  /** The JSON path of the error, e.g. {@code solver.rtol} or {@code groups[2].name}, or "". */
  private static String path(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException jm)) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : jm.getPath()) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return Decimal.shorten(b.toString());
  }
}
