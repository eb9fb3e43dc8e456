package dev.modelgate.provider.echo;

import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.CompletionChoice;
import dev.modelgate.model.CompletionRequest;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.EmbeddingRequest;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.RerankRequest;
import dev.modelgate.model.Role;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.Usage;
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.provider.spi.ProviderAdapter;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers with the last user message. When the client forces a tool ({@code tool_choice} naming a
 * function, or {@code required}) it calls that tool with the message as {@code {"input": ...}}, so
 * tool handling can be tried offline too.
 */
final class EchoAdapter implements ProviderAdapter {
  private static final Capabilities CAPABILITIES =
      new Capabilities(
          EnumSet.of(Operation.CHAT, Operation.COMPLETION, Operation.EMBEDDING, Operation.RERANK),
          true,
          true,
          false,
          true,
          false,
          true);

  private final long delayMillis;

  EchoAdapter(long delayMillis) {
    this.delayMillis = delayMillis;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Reply send(Invocation invocation) {
    CanonicalRequest request = invocation.request().canonical();
    String model = invocation.publicModel();
    return switch (request) {
      case ChatRequest chat -> chat(chat, model);
      case CompletionRequest completion -> completion(completion, model);
      case EmbeddingRequest embedding -> new Reply.Complete(EchoEmbeddings.of(embedding, model));
      case RerankRequest rerank -> new Reply.Complete(EchoRerank.of(rerank, model));
    };
  }

  private Reply chat(ChatRequest chat, String model) {
    String text = lastUserText(chat.messages());
    String id = "chatcmpl-echo" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    long created = System.currentTimeMillis() / 1000;
    long prompt = EchoTokens.count(chat.messages());
    ToolCall call = EchoTools.forcedCall(chat, text);
    Usage usage =
        Usage.of(
            prompt, call != null ? EchoTokens.count(call.arguments()) : EchoTokens.count(text));
    if (chat.stream()) {
      return new Reply.Streaming(
          new EchoChatStream(id, created, model, text, call, usage, delayMillis));
    }
    Message message =
        call != null
            ? new Message(Role.ASSISTANT, null, null, List.of(call), null, null, null, null)
            : new Message(
                Role.ASSISTANT,
                new MessageContent.Plain(text),
                null,
                List.of(),
                null,
                null,
                null,
                null);
    FinishReason finish = call != null ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    return new Reply.Complete(
        new ChatResponse(
            id,
            created,
            model,
            List.of(new ChatChoice(0, message, finish, null)),
            usage,
            "fp_echo",
            null));
  }

  private Reply completion(CompletionRequest completion, String model) {
    String text = completion.prompts().isEmpty() ? "" : completion.prompts().getFirst();
    String id = "cmpl-echo" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    long created = System.currentTimeMillis() / 1000;
    Usage usage = Usage.of(EchoTokens.count(text), EchoTokens.count(text));
    CompletionResponse response =
        new CompletionResponse(
            id,
            created,
            model,
            List.of(new CompletionChoice(0, text, FinishReason.STOP, null)),
            usage);
    if (completion.stream()) {
      return new Reply.Streaming(new EchoCompletionStream(response));
    }
    return new Reply.Complete(response);
  }

  private static String lastUserText(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == Role.USER) {
        return messages.get(i).text();
      }
    }
    return "";
  }
}
