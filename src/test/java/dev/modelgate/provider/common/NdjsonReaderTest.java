package dev.modelgate.provider.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NdjsonReaderTest {
  @Test
  void everyNonBlankLineIsAnEventIncludingALastOneWithoutNewline() {
    byte[] bytes = "{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":3}".getBytes(StandardCharsets.UTF_8);
    int[] position = {0};
    NdjsonReader reader =
        new NdjsonReader(
            (buffer, offset, length) -> {
              if (position[0] >= bytes.length) {
                return -1;
              }
              int n = Math.min(3, bytes.length - position[0]);
              System.arraycopy(bytes, position[0], buffer, offset, n);
              position[0] += n;
              return n;
            });
    assertThat(reader.next().dataText()).isEqualTo("{\"a\":1}\r");
    assertThat(reader.next().dataText()).isEqualTo("{\"b\":2}");
    assertThat(reader.next().dataText()).isEqualTo("{\"c\":3}");
    assertThat(reader.next()).isNull();
  }
}
