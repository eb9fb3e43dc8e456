package dev.modelgate.policy.jsonmode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One answer's text checked: the JSON found in it (null when none), whether finding it took a
 * repair, and what keeps it from meeting the expectation (empty when it meets it).
 */
record JsonCheck(@Nullable JsonNode value, boolean repaired, List<String> problems) {

  static JsonCheck of(String text, JsonExpectation expected) {
    JsonRepair.Found found = JsonRepair.find(text);
    if (found == null) {
      return new JsonCheck(null, false, List.of("$: the answer contains no JSON object or array"));
    }
    return new JsonCheck(found.value(), found.repaired(), expected.problems(found.value()));
  }

  boolean valid() {
    return value != null && problems.isEmpty();
  }
}
