package dev.modelgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.modelgate.provider.common.TokenEstimate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * JTokkit's encodings against token counts OpenAI's API reported. The reference figures come from
 * OpenAI's cookbook notebook "How to count tokens with tiktoken" (section "Counting tokens for chat
 * completions API calls"), which sends the six example messages below to the API and prints the
 * {@code usage.prompt_tokens} it answered: 129 for gpt-3.5-turbo and gpt-4-0613 (cl100k_base), 124
 * for gpt-4o and gpt-4o-mini (o200k_base); and whose text examples count "tiktoken is great!" as 6
 * cl100k_base tokens. Chat framing follows the same notebook: 3 tokens per message, 1 per name, 3
 * priming the reply. The gateway counts with o200k ({@link TokenEstimate}) when an upstream sends
 * no usage; the check is that counts stay within 2 % of what OpenAI bills.
 */
class TokenCountReferenceTest {
  private static final Encoding CL100K =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

  private record Message(String role, @Nullable String name, String content) {}

  private static final List<Message> COOKBOOK =
      List.of(
          new Message(
              "system",
              null,
              "You are a helpful, pattern-following assistant that translates corporate jargon"
                  + " into plain English."),
          new Message("system", "example_user", "New synergies will help drive top-line growth."),
          new Message(
              "system", "example_assistant", "Things working well together will increase revenue."),
          new Message(
              "system",
              "example_user",
              "Let's circle back when we have more bandwidth to touch base on opportunities for"
                  + " increased leverage."),
          new Message(
              "system",
              "example_assistant",
              "Let's talk later when we're less busy about how to do better."),
          new Message(
              "user",
              null,
              "This late pivot means we don't have time to boil the ocean for the client"
                  + " deliverable."));

  private static long chatPromptTokens(java.util.function.ToLongFunction<String> count) {
    long tokens = 3; // every reply is primed with <|start|>assistant<|message|>
    for (Message message : COOKBOOK) {
      tokens += 3 + count.applyAsLong(message.role()) + count.applyAsLong(message.content());
      if (message.name() != null) {
        tokens += 1 + count.applyAsLong(message.name());
      }
    }
    return tokens;
  }

  @Test
  void o200kCountsMatchWhatGpt4oBilled() {
    long counted = chatPromptTokens(TokenEstimate.O200K::of);
    assertThat((double) counted).isCloseTo(124, org.assertj.core.data.Percentage.withPercentage(2));
  }

  @Test
  void cl100kCountsMatchWhatGpt4Billed() {
    long counted = chatPromptTokens(text -> CL100K.countTokensOrdinary(text));
    assertThat((double) counted).isCloseTo(129, org.assertj.core.data.Percentage.withPercentage(2));
    assertThat(CL100K.countTokensOrdinary("tiktoken is great!")).isEqualTo(6);
  }
}
