package dev.modelgate.policy.guardrail;

import dev.modelgate.chain.Call;
import dev.modelgate.chain.Policy;
import dev.modelgate.codec.AnswerText;
import dev.modelgate.error.ContentFiltered;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ContentPart;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.Role;
import dev.modelgate.provider.common.TokenEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * A route's guardrails, joined with those of the calling key (by key name): the prompt is checked
 * before anything else runs (blocked: a content-filter error in the client's protocol; personal
 * data masked: the upstream sees the masked prompt), the answer after (blocked: a content-filter
 * error, or on a stream, a {@code content_filter} finish; masked in place).
 */
public final class GuardrailPolicy implements Policy {
  private static final Logger LOG = Logger.getLogger(GuardrailPolicy.class.getName());

  private final GuardrailProfile route;
  private final Map<String, GuardrailProfile> byKey;

  public GuardrailPolicy(GuardrailProfile route, Map<String, GuardrailProfile> byKey) {
    this.route = route;
    this.byKey = Map.copyOf(byKey);
  }

  @Override
  public Reply apply(Call call, Next next) {
    Operation operation = call.request().operation();
    if (operation != Operation.CHAT && operation != Operation.COMPLETION) {
      return next.proceed(call);
    }
    GuardrailProfile key = byKey.get(call.principal().name());
    GuardrailProfile on = key == null ? route : route.and(key);
    if (!on.input().isEmpty() && call.request().canonical() instanceof ChatRequest chat) {
      checkPrompt(call, chat, new GuardrailScan(on.input()));
    }
    Reply reply = next.proceed(call);
    if (on.output().isEmpty()) {
      return reply;
    }
    GuardrailScan output = new GuardrailScan(on.output());
    return switch (reply) {
      case Reply.Streaming streaming ->
          new Reply.Streaming(new GuardedStream(streaming.stream(), output, call.requestId()));
      case Reply.Complete complete -> {
        ResponseBody body = complete.body();
        for (String text : AnswerText.texts(body)) {
          String reason = output.blockReason(text);
          if (reason != null) {
            throw blocked(call, "answer", reason);
          }
        }
        yield new Reply.Complete(AnswerText.map(body, output::masked));
      }
    };
  }

  private static void checkPrompt(Call call, ChatRequest chat, GuardrailScan scan) {
    GuardrailRules rules = scan.rules();
    long tokens = 0;
    double injection = 0;
    for (Message message : chat.messages()) {
      String text = message.text();
      tokens += TokenEstimate.O200K.of(text);
      String reason = scan.blockReason(text);
      if (reason != null) {
        throw blocked(call, "prompt", reason);
      }
      if (rules.injectionThreshold() != null && message.role() != Role.SYSTEM) {
        injection = Math.max(injection, InjectionHeuristic.score(text));
      }
    }
    if (rules.maxPromptTokens() > 0 && tokens > rules.maxPromptTokens()) {
      throw blocked(
          call, "prompt", "its size (" + tokens + " tokens > " + rules.maxPromptTokens() + ")");
    }
    Double threshold = rules.injectionThreshold();
    if (threshold != null && injection >= threshold) {
      throw blocked(call, "prompt", "a likely prompt injection (score " + injection + ")");
    }
    List<Message> masked = new ArrayList<>();
    boolean changed = false;
    for (Message message : chat.messages()) {
      Message after = withText(message, scan::masked);
      changed |= after != message;
      masked.add(after);
    }
    if (changed) {
      LOG.info(() -> "request " + call.requestId() + " guardrail masked personal data in prompt");
      call.request().replace(chat.withMessages(masked));
    }
  }

  private static ContentFiltered blocked(Call call, String what, String reason) {
    LOG.info(
        () -> "request " + call.requestId() + " guardrail blocked the " + what + ": " + reason);
    return new ContentFiltered("The " + what + " was blocked by a guardrail: " + reason + ".");
  }

  /** The message with its text masked; the same instance when nothing changed. */
  private static Message withText(Message message, UnaryOperator<String> mask) {
    MessageContent content = message.content();
    MessageContent after =
        switch (content) {
          case null -> null;
          case MessageContent.Plain plain -> {
            String text = mask.apply(plain.text());
            yield text.equals(plain.text()) ? plain : new MessageContent.Plain(text);
          }
          case MessageContent.Parts parts -> {
            List<ContentPart> out = new ArrayList<>();
            boolean changed = false;
            for (ContentPart part : parts.parts()) {
              if (part instanceof ContentPart.Text t) {
                String text = mask.apply(t.text());
                changed |= !text.equals(t.text());
                out.add(new ContentPart.Text(text));
              } else {
                out.add(part);
              }
            }
            yield changed ? new MessageContent.Parts(out) : parts;
          }
        };
    if (after == content) {
      return message;
    }
    return new Message(
        message.role(),
        after,
        message.name(),
        message.toolCalls(),
        message.toolCallId(),
        message.reasoning(),
        message.refusal(),
        message.extensions());
  }
}
