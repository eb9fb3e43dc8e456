package dev.modelgate.codec;

import static dev.modelgate.testing.JsonTrees.assertSameJson;
import static dev.modelgate.testing.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.model.Usage;
import org.junit.jupiter.api.Test;

class OpenAiUsageCodecTest {

  @Test
  void decodesDetailTokens() {
    Usage usage =
        OpenAiUsageCodec.decode(
            tree(
                """
                {"prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
                 "prompt_tokens_details": {"cached_tokens": 16},
                 "completion_tokens_details": {"reasoning_tokens": 7}}"""));

    assertThat(usage).isEqualTo(new Usage(19, 10, 29, 16L, 7L, false, usage.extensions()));
    assertThat(usage.extensions().has("prompt_tokens_details")).isTrue();
  }

  @Test
  void detailObjectsAndUnknownFieldsSurviveRoundTrip() {
    String json =
        """
        {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150,
         "prompt_tokens_details": {"cached_tokens": 64, "audio_tokens": 0},
         "completion_tokens_details": {"reasoning_tokens": 20, "accepted_prediction_tokens": 1,
                                       "rejected_prediction_tokens": 2},
         "prompt_cache_hit_tokens": 64, "prompt_cache_miss_tokens": 36}""";

    assertSameJson(OpenAiUsageCodec.encode(OpenAiUsageCodec.decode(tree(json))), tree(json));
  }

  @Test
  void missingTotalIsTheSum() {
    Usage usage = OpenAiUsageCodec.decode(tree("{\"prompt_tokens\": 5, \"completion_tokens\": 3}"));

    assertThat(usage.totalTokens()).isEqualTo(8);
    assertThat(usage.cachedTokens()).isNull();
    assertThat(usage.reasoningTokens()).isNull();
    assertThat(usage.extensions()).isNull();
  }

  @Test
  void notAnObjectIsNoUsage() {
    assertThat(OpenAiUsageCodec.decode(null)).isNull();
    assertThat(OpenAiUsageCodec.decode(tree("null"))).isNull();
    assertThat(OpenAiUsageCodec.decode(tree("[1]"))).isNull();
  }

  @Test
  void typedDetailsAreWrittenWhenNoDetailObjectsWereKept() {
    Usage usage = new Usage(10, 4, 14, 6L, 2L, false, null);

    assertSameJson(
        OpenAiUsageCodec.encode(usage),
        tree(
            """
            {"prompt_tokens": 10, "completion_tokens": 4, "total_tokens": 14,
             "prompt_tokens_details": {"cached_tokens": 6},
             "completion_tokens_details": {"reasoning_tokens": 2}}"""));
  }

  @Test
  void noDetailObjectsWithoutDetails() {
    assertSameJson(
        OpenAiUsageCodec.encode(Usage.of(3, 4)),
        tree("{\"prompt_tokens\": 3, \"completion_tokens\": 4, \"total_tokens\": 7}"));
  }
}
