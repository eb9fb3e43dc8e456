package dev.modelgate.chain;

import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.CompletionRequest;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Message;
import dev.modelgate.provider.common.TokenEstimate;

/**
 * The prompt tokens of a chat or completion request, counted with the o200k tokenizer as OpenAI
 * bills chat messages: the usage estimate and the token rate limit count the same way.
 */
public final class PromptTokens {
  /** Tokens OpenAI adds per chat message (role and separators) and to prime the answer. */
  private static final int PER_MESSAGE = 3;

  private PromptTokens() {}

  /** The request's prompt tokens; 0 for operations without a prompt (embeddings, rerank). */
  public static long of(InboundRequest request) {
    return of(request, TokenEstimate.O200K);
  }

  /** The same counted with {@code tokens} (the model's own tokenizer, where one is configured). */
  static long of(InboundRequest request, TokenEstimate tokens) {
    CanonicalRequest canonical = request.canonical();
    return switch (canonical) {
      case ChatRequest chat -> {
        long count = PER_MESSAGE;
        for (Message message : chat.messages()) {
          count += PER_MESSAGE + tokens.of(message.text());
        }
        yield count;
      }
      case CompletionRequest completion ->
          completion.prompts().stream().mapToLong(tokens::of).sum();
      default -> 0;
    };
  }
}
