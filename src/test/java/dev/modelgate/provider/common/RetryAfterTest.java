package dev.modelgate.provider.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static Function<String, String> headers(Map<String, String> values) {
    return values::get;
  }

  @Test
  void retryAfterMillisWinsOverSeconds() {
    Duration delay = RetryAfter.from(headers(Map.of("retry-after-ms", "250", "retry-after", "30")));

    assertThat(delay).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void fractionalMillisAreTruncated() {
    assertThat(RetryAfter.from(headers(Map.of("retry-after-ms", " 1500.9 "))))
        .isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void garbageMillisFallBackToSeconds() {
    Duration delay = RetryAfter.from(headers(Map.of("retry-after-ms", "soon", "retry-after", "3")));

    assertThat(delay).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void wholeSeconds() {
    assertThat(RetryAfter.from(headers(Map.of("retry-after", "7"))))
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void fractionalSeconds() {
    assertThat(RetryAfter.from(headers(Map.of("retry-after", "1.5"))))
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(RetryAfter.from(headers(Map.of("retry-after", "0.25"))))
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void httpDateInTheFuture() {
    String date =
        ZonedDateTime.now(ZoneOffset.UTC)
            .plusSeconds(120)
            .format(DateTimeFormatter.RFC_1123_DATE_TIME);

    Duration delay = RetryAfter.from(headers(Map.of("retry-after", date)));

    // RFC 1123 has whole seconds, and some time passes between formatting and parsing.
    assertThat(delay).isBetween(Duration.ofSeconds(110), Duration.ofSeconds(120));
  }

  @Test
  void httpDateInThePastIsZero() {
    Duration delay =
        RetryAfter.from(headers(Map.of("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")));

    assertThat(delay).isEqualTo(Duration.ZERO);
  }

  @Test
  void garbageIsNull() {
    assertThat(RetryAfter.from(headers(Map.of("retry-after", "in a while")))).isNull();
    assertThat(RetryAfter.from(headers(Map.of("retry-after", "Wed, 99 Foo 2015")))).isNull();
  }

  @Test
  void absentOrBlankIsNull() {
    assertThat(RetryAfter.from(headers(Map.of()))).isNull();
    assertThat(RetryAfter.from(headers(Map.of("retry-after", "  ")))).isNull();
    assertThat(RetryAfter.from(headers(Map.of("retry-after-ms", "x")))).isNull();
  }
}
