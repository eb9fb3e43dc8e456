package dev.modelgate.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.AnswerText;
import dev.modelgate.codec.Json;
import dev.modelgate.codec.OpenAiUsageCodec;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.Reply;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.Usage;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.provider.common.TokenEstimate;
import dev.modelgate.route.Target;
import java.io.IOException;
import java.util.function.ToLongFunction;

/**
 * Usage is always present on chat and completion answers: when an upstream sent none, the gateway
 * counts prompt and answer with the o200k tokenizer and marks the counts estimated (header {@code
 * x-modelgate-usage: estimated}, and {@code "estimated": true} inside the usage object). Streams
 * get a final usage-only event when the upstream sent no usage, so {@code include_usage} is
 * honoured for every upstream. Applied to every call's reply, outside all policies, so whatever
 * answered (a target, the cache, a fallback) is covered.
 */
final class UsageGuarantee {
  /** {@code estimated} when the counts of the answer were computed by the gateway. */
  static final String HEADER = "x-modelgate-usage";

  private UsageGuarantee() {}

  static Reply apply(Call call, Reply reply) {
    Operation operation = call.request().operation();
    if (operation != Operation.CHAT && operation != Operation.COMPLETION) {
      return reply;
    }
    return switch (reply) {
      case Reply.Streaming streaming ->
          new Reply.Streaming(
              new UsageFillingStream(streaming.stream(), call.request(), () -> tokens(call)));
      case Reply.Complete complete -> {
        ResponseBody body = complete.body();
        if (body.usage() != null) {
          if (body.usage().estimated()) {
            call.responseHeader(HEADER, "estimated");
          }
          yield reply;
        }
        Usage usage = estimate(call.request(), AnswerText.of(body), tokens(call));
        call.responseHeader(HEADER, "estimated");
        yield new Reply.Complete(withUsage(body, usage));
      }
    };
  }

  /**
   * The counter of the model that answered: its upstream's own tokenizer where one is configured,
   * else o200k (also for answers no target gave: the cache's, a default's).
   */
  static TokenEstimate tokens(Call call) {
    Target target = call.target();
    ToLongFunction<String> counter = target == null ? null : target.adapter().tokenCounter();
    return counter == null ? TokenEstimate.O200K : TokenEstimate.counting(counter);
  }

  /** Usage counted from the request's prompt and the answer's text, marked estimated. */
  static Usage estimate(InboundRequest request, String answer, TokenEstimate tokens) {
    long prompt = PromptTokens.of(request, tokens);
    long completion = tokens.of(answer);
    return new Usage(prompt, completion, prompt + completion, null, null, true, null);
  }

  private static ResponseBody withUsage(ResponseBody body, Usage usage) {
    return switch (body) {
      case ChatResponse chat ->
          new ChatResponse(
              chat.id(),
              chat.created(),
              chat.model(),
              chat.choices(),
              usage,
              chat.systemFingerprint(),
              chat.extensions());
      case CompletionResponse c ->
          new CompletionResponse(c.id(), c.created(), c.model(), c.choices(), usage);
      case RelayedBody relayed when relayed.protocol() == WireProtocol.OPENAI -> {
        try {
          ObjectNode root = (ObjectNode) Json.parse(relayed.json());
          root.set("usage", OpenAiUsageCodec.encode(usage));
          yield new RelayedBody(relayed.protocol(), Json.bytes(root), usage);
        } catch (IOException | ClassCastException e) {
          yield body; // not a JSON object: the writer's own checks report it
        }
      }
      default -> body;
    };
  }
}
