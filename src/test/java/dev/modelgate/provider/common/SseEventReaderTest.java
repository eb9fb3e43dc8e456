package dev.modelgate.provider.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventReaderTest {
  /** A source that hands out at most {@code step} bytes per read, to split lines and characters. */
  private static ByteSource source(String text, int step) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int[] position = {0};
    return (buffer, offset, length) -> {
      if (position[0] >= bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(step, length), bytes.length - position[0]);
      System.arraycopy(bytes, position[0], buffer, offset, n);
      position[0] += n;
      return n;
    };
  }

  private static List<SseEvent> all(SseEventReader reader) {
    List<SseEvent> events = new ArrayList<>();
    SseEvent event;
    while ((event = reader.next()) != null) {
      events.add(event);
    }
    return events;
  }

  @Test
  void everyLineEndingCommentsAndFieldsWithoutASpace() {
    String stream =
        ": keep-alive\n\nevent: a\r\ndata: one\r\n\r\nid:7\revent:b\rdata:two\r\rdata: x\ndata: y\n\n";
    for (int step : new int[] {1, 2, 3, 1000}) {
      SseEventReader reader = new SseEventReader(source(stream, step));
      List<SseEvent> events = all(reader);
      assertThat(events).extracting(SseEvent::event).containsExactly("a", "b", null);
      assertThat(events).extracting(SseEvent::dataText).containsExactly("one", "two", "x\ny");
      assertThat(events.get(1).id()).isEqualTo("7");
      assertThat(reader.endedCleanly()).isTrue();
    }
  }

  @Test
  void multiByteCharactersSplitAcrossReadsStayIntact() {
    String text = "data: {\"content\":\"你好，世界 🌏\"}\n\n";
    SseEventReader reader = new SseEventReader(source(text, 1));
    assertThat(reader.next().dataText()).isEqualTo("{\"content\":\"你好，世界 🌏\"}");
  }

  @Test
  void eventsLargerThanTheBuffer() {
    String big = "x".repeat(100_000);
    SseEventReader reader =
        new SseEventReader(source("data: " + big + "\n\ndata: after\n\n", 7000));
    assertThat(reader.next().dataText()).hasSize(100_000);
    assertThat(reader.next().dataText()).isEqualTo("after");
    assertThat(reader.next()).isNull();
  }

  @Test
  void anUnfinishedEventAtTheEndIsDroppedAndReported() {
    SseEventReader reader = new SseEventReader(source("data: whole\n\ndata: cut", 4));
    assertThat(reader.next().dataText()).isEqualTo("whole");
    assertThat(reader.next()).isNull();
    assertThat(reader.endedCleanly()).isFalse();
  }
}
