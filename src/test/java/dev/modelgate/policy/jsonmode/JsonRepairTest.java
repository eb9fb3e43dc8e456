package dev.modelgate.policy.jsonmode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Extraction and repair of JSON from model text, case by case. */
class JsonRepairTest {
  private static String found(String text) {
    JsonRepair.Found found = JsonRepair.find(text);
    return found == null ? null : found.value().toString();
  }

  @Test
  void cleanJsonIsNotARepair() {
    JsonRepair.Found found = JsonRepair.find(" {\"a\":1} ");
    assertThat(found).isNotNull();
    assertThat(found.repaired()).isFalse();
  }

  @Test
  void truncatedOutputIsClosed() {
    assertThat(found("{\"a\":1,\"b\":\"hel")).isEqualTo("{\"a\":1,\"b\":\"hel\"}");
    assertThat(found("{\"a\":1,\"b")).isEqualTo("{\"a\":1}");
    assertThat(found("{\"a\":1,\"b\":")).isEqualTo("{\"a\":1,\"b\":null}");
    assertThat(found("[1, 2, {\"x\": [3,")).isEqualTo("[1,2,{\"x\":[3]}]");
  }

  @Test
  void textAfterTheValueIsCut() {
    assertThat(found("Here: {\"a\":\"}\"} and {\"b\":2}")).isEqualTo("{\"a\":\"}\"}");
  }

  @Test
  void textWithoutJsonHasNone() {
    assertThat(JsonRepair.find("no braces here")).isNull();
    assertThat(JsonRepair.find("42")).isNull();
  }
}
