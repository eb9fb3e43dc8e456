package dev.modelgate.provider.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseEventReaderTest {

  /**
   * Serves a byte array in reads of 1 to {@code maxChunk} bytes (seeded), or as much as the reader
   * asks for when {@code maxChunk} is 0.
   */
  private static final class ChunkedSource implements ByteSource {
    private final byte[] bytes;
    private final int maxChunk;
    private final Random random;
    private int position;
    int reads;

    ChunkedSource(byte[] bytes, int maxChunk, long seed) {
      this.bytes = bytes;
      this.maxChunk = maxChunk;
      this.random = new Random(seed);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position == bytes.length) {
        return -1;
      }
      int chunk = maxChunk == 0 ? length : 1 + random.nextInt(maxChunk);
      int n = Math.min(Math.min(length, chunk), bytes.length - position);
      System.arraycopy(bytes, position, buffer, offset, n);
      position += n;
      reads++;
      return n;
    }
  }

  private static ByteSource whole(String text) {
    return new ChunkedSource(text.getBytes(StandardCharsets.UTF_8), 0, 0);
  }

  private static List<SseEvent> readAll(SseEventReader reader) {
    List<SseEvent> events = new ArrayList<>();
    for (SseEvent event = reader.next(); event != null; event = reader.next()) {
      events.add(event);
    }
    return events;
  }

  private static List<String> data(List<SseEvent> events) {
    return events.stream().map(SseEvent::dataText).toList();
  }

  @ParameterizedTest(name = "line ending {0}")
  @ValueSource(strings = {"LF", "CRLF", "CR"})
  void readsEventsWithEveryLineEnding(String ending) {
    String eol =
        switch (ending) {
          case "LF" -> "\n";
          case "CRLF" -> "\r\n";
          default -> "\r";
        };
    String stream =
        "data: first"
            + eol
            + eol
            + "event: delta"
            + eol
            + "data: second"
            + eol
            + eol
            + "data: [DONE]"
            + eol
            + eol;
    SseEventReader reader = new SseEventReader(whole(stream));

    List<SseEvent> events = readAll(reader);

    assertThat(data(events)).containsExactly("first", "second", "[DONE]");
    assertThat(events.get(1).event()).isEqualTo("delta");
    assertThat(events.get(0).event()).isNull();
    assertThat(reader.endedCleanly()).isTrue();
  }

  @Test
  void crlfSplitBetweenTwoReadsIsOneLineEnding() {
    // The CR ends one read and the LF starts the next: that must not yield an extra blank line,
    // which would end the event after "data: a" and drop the "b" half.
    byte[] stream = "data: a\r\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    ByteSource source =
        new ByteSource() {
          private int calls;

          @Override
          public int read(byte[] buffer, int offset, int length) {
            int[][] pieces = {{0, 8}, {8, stream.length}};
            if (calls == pieces.length) {
              return -1;
            }
            int[] piece = pieces[calls++];
            System.arraycopy(stream, piece[0], buffer, offset, piece[1] - piece[0]);
            return piece[1] - piece[0];
          }
        };

    List<SseEvent> events = readAll(new SseEventReader(source));

    assertThat(data(events)).containsExactly("a\nb");
  }

  @Test
  void joinsMultipleDataLinesWithLineFeed() {
    SseEventReader reader =
        new SseEventReader(whole("data: one\ndata: two\r\ndata:three\rdata\n\n"));

    assertThat(data(readAll(reader))).containsExactly("one\ntwo\nthree\n");
  }

  @Test
  void readsEventAndIdFields() {
    SseEventReader reader =
        new SseEventReader(
            whole("id: 7\nevent: message_start\ndata: {}\n\nevent: ping\ndata: x\n\n"));

    List<SseEvent> events = readAll(reader);

    assertThat(events).hasSize(2);
    assertThat(events.get(0).event()).isEqualTo("message_start");
    assertThat(events.get(0).id()).isEqualTo("7");
    assertThat(events.get(1).event())
        .as("the event name is reset after dispatch")
        .isEqualTo("ping");
    assertThat(events.get(1).id()).as("the last event id persists").isEqualTo("7");
  }

  @Test
  void eventNameDoesNotLeakIntoTheNextEvent() {
    SseEventReader reader = new SseEventReader(whole("event: error\ndata: a\n\ndata: b\n\n"));

    List<SseEvent> events = readAll(reader);

    assertThat(events.get(1).event()).isNull();
  }

  @Test
  void skipsCommentLines() {
    SseEventReader reader =
        new SseEventReader(
            whole(": keep-alive\n\n:\ndata: a\n: a comment inside an event\ndata: b\n\n: bye\n\n"));

    List<SseEvent> events = readAll(reader);

    assertThat(data(events)).containsExactly("a\nb");
    assertThat(reader.endedCleanly()).isTrue();
  }

  @Test
  void blankLinesWithoutDataDispatchNothing() {
    SseEventReader reader =
        new SseEventReader(whole("\n\nevent: lonely\n\nretry: 10\n\ndata: x\n\n"));

    List<SseEvent> events = readAll(reader);

    assertThat(events).hasSize(1);
    assertThat(events.get(0).event()).as("an event name without data is dropped").isNull();
    assertThat(events.get(0).dataText()).isEqualTo("x");
  }

  @Test
  void fieldWithoutSpaceAfterColonKeepsWholeValue() {
    SseEventReader reader =
        new SseEventReader(whole("event:delta\ndata:{\"a\":1}\n\ndata:  two spaces\n\n"));

    List<SseEvent> events = readAll(reader);

    assertThat(events.get(0).event()).isEqualTo("delta");
    assertThat(events.get(0).dataText()).isEqualTo("{\"a\":1}");
    assertThat(events.get(1).dataText())
        .as("only one leading space is removed")
        .isEqualTo(" two spaces");
  }

  @Test
  void dataValueKeepsFurtherColons() {
    SseEventReader reader = new SseEventReader(whole("data: {\"url\":\"http://x:80\"}\n\n"));

    assertThat(readAll(reader).get(0).dataText()).isEqualTo("{\"url\":\"http://x:80\"}");
  }

  @Test
  void reassemblesEventsFromTinyReads() {
    StringBuilder stream = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String json = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"token " + i + "\"}}]}";
      expected.add(json);
      stream
          .append(i % 2 == 0 ? "" : ": ping\r\n")
          .append("data: ")
          .append(json)
          .append("\r\n\r\n");
    }
    stream.append("data: [DONE]\r\n\r\n");
    expected.add("[DONE]");
    ChunkedSource source =
        new ChunkedSource(stream.toString().getBytes(StandardCharsets.UTF_8), 3, 42);
    SseEventReader reader = new SseEventReader(source);

    List<SseEvent> events = readAll(reader);

    assertThat(data(events)).containsExactlyElementsOf(expected);
    assertThat(source.reads).as("the source was really read in tiny pieces").isGreaterThan(1000);
    assertThat(reader.endedCleanly()).isTrue();
  }

  @Test
  void readsEventLargerThanTheBuffer() {
    String big = "x".repeat(40 * 1024) + "END";
    String second = "y".repeat(17 * 1024);
    String stream = "data: " + big + "\n\ndata: " + second + "\ndata: tail\n\n";
    ChunkedSource source = new ChunkedSource(stream.getBytes(StandardCharsets.UTF_8), 64 * 1024, 7);

    List<SseEvent> events = readAll(new SseEventReader(source));

    assertThat(events).hasSize(2);
    assertThat(events.get(0).data()).hasSize(big.length());
    assertThat(events.get(0).dataText()).isEqualTo(big);
    assertThat(events.get(1).dataText()).isEqualTo(second + "\ntail");
  }

  @ParameterizedTest(name = "unfinished tail {0}")
  @ValueSource(
      strings = {
        "data: cut off",
        "data: cut off\n",
        "data: cut off\ndata: more\n",
        "event: error\n",
        "data: cut off\r"
      })
  void dropsUnfinishedEventAtEndOfSource(String tail) {
    SseEventReader reader = new SseEventReader(whole("data: complete\n\n" + tail));

    List<SseEvent> events = readAll(reader);

    assertThat(data(events)).containsExactly("complete");
    assertThat(reader.endedCleanly()).isFalse();
  }

  @Test
  void cleanEndAfterBlankLine() {
    SseEventReader reader = new SseEventReader(whole("data: a\n\ndata: b\n\n"));

    assertThat(readAll(reader)).hasSize(2);
    assertThat(reader.endedCleanly()).isTrue();
    assertThat(reader.next()).as("stays at the end").isNull();
  }

  @Test
  void emptySourceEndsCleanly() {
    SseEventReader reader = new SseEventReader(whole(""));

    assertThat(reader.next()).isNull();
    assertThat(reader.endedCleanly()).isTrue();
  }

  @Test
  void commentAtEndWithoutNewlineStillEndsCleanly() {
    SseEventReader reader = new SseEventReader(whole("data: a\n\n: keep-alive"));

    assertThat(data(readAll(reader))).containsExactly("a");
    assertThat(reader.endedCleanly()).isTrue();
  }

  @Test
  void keepsMultiByteCharactersSplitAcrossReads() {
    String text = "héllo 日本語 🙂 Grüße ∑";
    byte[] stream =
        ("event: délta\ndata: " + text + "\ndata: " + text + "\n\n")
            .getBytes(StandardCharsets.UTF_8);

    for (long seed = 0; seed < 20; seed++) {
      List<SseEvent> events = readAll(new SseEventReader(new ChunkedSource(stream, 2, seed)));

      assertThat(events).hasSize(1);
      assertThat(events.get(0).dataText()).isEqualTo(text + "\n" + text);
      assertThat(events.get(0).event()).isEqualTo("délta");
    }
  }

  @Test
  void keepsMultiByteCharactersSplitAtTheBufferBoundary() {
    // 16 KiB buffer: put a 4-byte character across byte 16384 of a single large read.
    String prefix = "data: " + "a".repeat(16 * 1024 - 6 - 2);
    String text = prefix + "🙂" + "b";
    byte[] stream = (text + "\n\n").getBytes(StandardCharsets.UTF_8);

    List<SseEvent> events = readAll(new SseEventReader(new ChunkedSource(stream, 0, 0)));

    assertThat(events).hasSize(1);
    assertThat(events.get(0).dataText()).endsWith("a🙂b");
  }

  @Test
  void dataIsComparesRawBytes() {
    SseEvent event = readAll(new SseEventReader(whole("data: [DONE]\n\n"))).get(0);

    assertThat(event.dataIs("[DONE]".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(event.dataIs("[DONE] ".getBytes(StandardCharsets.UTF_8))).isFalse();
  }
}
