package dev.modelgate.policy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reset durations as OpenAI's headers write them. */
class RateLimitHeadersTest {
  @Test
  void durationsReadLikeOpenAis() {
    assertThat(RateLimitHeaders.duration(0)).isEqualTo("0s");
    assertThat(RateLimitHeaders.duration(20)).isEqualTo("20ms");
    assertThat(RateLimitHeaders.duration(1000)).isEqualTo("1s");
    assertThat(RateLimitHeaders.duration(1500)).isEqualTo("1.5s");
    assertThat(RateLimitHeaders.duration(59_872)).isEqualTo("59.872s");
    assertThat(RateLimitHeaders.duration(360_000)).isEqualTo("6m0s");
    assertThat(RateLimitHeaders.duration(3_723_050)).isEqualTo("1h2m3.05s");
  }
}
