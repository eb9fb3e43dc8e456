package dev.modelgate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Asserts that a JSON value contains an expected one: every field of an expected object is present
 * with a matching value, arrays match element by element and have the same length, and the text
 * {@code "<any>"} matches anything present (ids, timestamps).
 */
public final class JsonSubset {
  private JsonSubset() {}

  public static void assertIncludes(JsonNode actual, JsonNode expected) {
    String problem = mismatch(actual, expected, "$");
    if (problem != null) {
      throw new AssertionError(
          problem + "\n  expected (subset): " + expected + "\n  actual: " + actual);
    }
  }

  public static boolean includes(JsonNode actual, JsonNode expected) {
    return mismatch(actual, expected, "$") == null;
  }

  private static String mismatch(JsonNode actual, JsonNode expected, String path) {
    if (expected.isTextual() && expected.asText().equals("<any>")) {
      return actual == null || actual.isMissingNode() ? path + " is missing" : null;
    }
    if (actual == null || actual.isMissingNode()) {
      return path + " is missing";
    }
    if (expected.isObject()) {
      if (!actual.isObject()) {
        return path + " is not an object";
      }
      for (Map.Entry<String, JsonNode> field : expected.properties()) {
        JsonNode value = actual.get(field.getKey());
        if (field.getValue().isNull()) {
          if (value != null && !value.isNull()) {
            return path + "." + field.getKey() + " should be null or absent but is " + value;
          }
          continue;
        }
        String problem = mismatch(value, field.getValue(), path + "." + field.getKey());
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }
    if (expected.isArray()) {
      if (!actual.isArray() || actual.size() != expected.size()) {
        return path + " should be an array of " + expected.size() + " but is " + actual;
      }
      for (int i = 0; i < expected.size(); i++) {
        String problem = mismatch(actual.get(i), expected.get(i), path + "[" + i + "]");
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0
          ? null
          : path + " is " + actual + ", expected " + expected;
    }
    return expected.equals(actual) ? null : path + " is " + actual + ", expected " + expected;
  }
}
