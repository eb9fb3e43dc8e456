package dev.modelgate.testkit;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * A chat stream read to its end through the official OpenAI SDK: the text of all deltas, the last
 * finish reason and the total tokens of the usage chunk (0 without one).
 */
public record StreamedChat(String text, String finish, long totalTokens) {

  public static StreamedChat of(OpenAIClient client, ChatCompletionCreateParams params) {
    StringBuilder text = new StringBuilder();
    String[] finish = {""};
    long[] total = {0};
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      stream.stream()
          .forEach(
              chunk -> {
                chunk.usage().ifPresent(u -> total[0] = u.totalTokens());
                chunk
                    .choices()
                    .forEach(
                        c -> {
                          c.delta().content().ifPresent(text::append);
                          c.finishReason().ifPresent(f -> finish[0] = f.asString());
                        });
              });
    }
    return new StreamedChat(text.toString(), finish[0], total[0]);
  }
}
