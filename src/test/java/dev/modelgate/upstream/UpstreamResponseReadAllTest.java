package dev.modelgate.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.error.UpstreamProtocol;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The whole body of a response: with and without Content-Length, read in pieces, over the limit.
 */
class UpstreamResponseReadAllTest {
  /** A body handed out at most {@code piece} bytes per read, with the Content-Length given. */
  private static final class Pieces implements UpstreamResponse {
    private final byte[] body;
    private final int piece;
    private final @Nullable String contentLength;
    private int at;
    boolean closed;

    Pieces(String body, int piece, @Nullable String contentLength) {
      this.body = body.getBytes(StandardCharsets.UTF_8);
      this.piece = piece;
      this.contentLength = contentLength;
    }

    @Override
    public int status() {
      return 200;
    }

    @Override
    public @Nullable String header(String name) {
      return name.equals("content-length") ? contentLength : null;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (at == body.length) {
        return -1;
      }
      int n = Math.min(Math.min(piece, length), body.length - at);
      System.arraycopy(body, at, buffer, offset, n);
      at += n;
      return n;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void aBodyWithoutContentLengthIsReadWholeAcrossManyGrowths() {
    String body = "x".repeat(5000) + "end";
    assertThat(text(new Pieces(body, 333, null).readAll(1 << 20))).isEqualTo(body);
    assertThat(text(new Pieces("", 10, null).readAll(1 << 20))).isEmpty();
  }

  @Test
  void aBodyWithContentLengthIsReadWholeEvenWhenTheHeaderIsWrongOrNotANumber() {
    String body = "{\"ok\":true}";
    assertThat(text(new Pieces(body, 4, String.valueOf(body.length())).readAll(1024)))
        .isEqualTo(body);
    assertThat(text(new Pieces(body, 4, "3").readAll(1024))).isEqualTo(body);
    assertThat(text(new Pieces(body, 4, "999").readAll(1024))).isEqualTo(body);
    assertThat(text(new Pieces(body, 4, "many").readAll(1024))).isEqualTo(body);
  }

  @Test
  void aBodyOfExactlyTheLimitIsReadAndOneByteMoreIsRefusedAndClosed() {
    assertThat(new Pieces("a".repeat(100), 7, null).readAll(100)).hasSize(100);
    assertThat(new Pieces("a".repeat(100), 7, "100").readAll(100)).hasSize(100);
    for (String declared : new String[] {null, "101", "50"}) {
      Pieces over = new Pieces("a".repeat(101), 7, declared);
      assertThatThrownBy(() -> over.readAll(100))
          .isInstanceOf(UpstreamProtocol.class)
          .hasMessageContaining("exceeds 100 bytes");
      assertThat(over.closed).isTrue();
    }
  }
}
