package dev.modelgate.policy.jsonmode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.Policy;
import dev.modelgate.codec.AnswerText;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Message;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.Role;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.route.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The JSON guarantee for chat requests that ask for JSON: OpenAI's {@code response_format}, or
 * Anthropic's structured output ({@code output_config.format}, type json_schema). Targets that all
 * have structured output get the request as sent (each adapter encodes the format natively);
 * otherwise a system instruction asks for the JSON. The answer's text is then checked: valid as
 * sent, else repaired, else one corrective request naming the validation errors, else the
 * configured default. The step is sent in {@code x-modelgate-json} and logged. Streams pass through
 * and get their verdict in the final chunk, or Anthropic's {@code message_delta} ({@link
 * JsonVerdictStream}).
 */
public final class JsonModePolicy implements Policy {
  /** The response header with the {@link JsonVerdict}. */
  public static final String HEADER = "x-modelgate-json";

  private static final Logger LOG = Logger.getLogger(JsonModePolicy.class.getName());

  private final JsonModeSettings settings;

  public JsonModePolicy(JsonModeSettings settings) {
    this.settings = settings;
  }

  @Override
  public Reply apply(Call call, Next next) {
    InboundRequest request = call.request();
    if (!settings.enabled()
        || request.operation() != Operation.CHAT
        // the scan's field names answer "no format asked" without decoding the whole body
        || !asksForFormat(request)
        || !(request.canonical() instanceof ChatRequest chat)) {
      return next.proceed(call);
    }
    JsonExpectation expected = JsonExpectation.of(chat.responseFormat());
    if (expected == null) {
      return next.proceed(call);
    }
    boolean nativeOutput = allNative(call.targets(), request.protocol());
    if (!nativeOutput) {
      request.replace(JsonPrompts.instructed(chat, expected));
    }
    Reply reply = next.proceed(call);
    if (reply instanceof Reply.Streaming streaming) {
      call.responseHeader(HEADER, JsonVerdict.STREAM.wire());
      return new Reply.Streaming(
          new JsonVerdictStream(streaming.stream(), expected, call.requestId()));
    }
    ResponseBody body = ((Reply.Complete) reply).body();
    Judged first = Judged.of(body, expected);
    if (first.valid()) {
      JsonVerdict verdict =
          first.repaired()
              ? JsonVerdict.REPAIRED
              : nativeOutput ? JsonVerdict.NATIVE : JsonVerdict.INSTRUCTED;
      return answered(call, verdict, body, first, expected, List.of());
    }
    if (settings.retry()) {
      ChatRequest asked = (ChatRequest) request.canonical();
      request.replace(JsonPrompts.corrective(asked, first.invalidText(), first.problems()));
      ResponseBody second = ((Reply.Complete) next.proceed(call)).body();
      Judged retried = Judged.of(second, expected);
      if (retried.valid()) {
        return answered(call, JsonVerdict.RETRIED, second, retried, expected, first.problems());
      }
      body = second;
      first = retried;
    }
    JsonNode fallback = settings.defaultValue();
    if (fallback == null) {
      log(call, JsonVerdict.INVALID, first.problems());
      throw new UpstreamProtocol(
          "The model's answer is not valid JSON for the requested format: "
              + String.join("; ", first.problems()),
          null);
    }
    call.responseHeader(HEADER, JsonVerdict.DEFAULT.wire());
    log(call, JsonVerdict.DEFAULT, first.problems());
    return new Reply.Complete(defaultAnswer(body, fallback));
  }

  /**
   * Whether the client asked for a format: OpenAI's {@code response_format}; Anthropic's {@code
   * output_config} (its {@code format}) or the earlier beta's {@code output_format}.
   */
  private static boolean asksForFormat(InboundRequest request) {
    return switch (request.protocol()) {
      case OPENAI -> request.topLevelKeys().contains("response_format");
      case ANTHROPIC ->
          request.topLevelKeys().contains("output_config")
              || request.topLevelKeys().contains("output_format");
    };
  }

  /**
   * Whether every target can be asked for the format natively: it encodes a response format, or it
   * takes the client's request as sent (Claude with an Anthropic client's output_config).
   */
  private static boolean allNative(List<Target> targets, WireProtocol protocol) {
    return !targets.isEmpty()
        && targets.stream()
            .allMatch(t -> t.adapter().capabilities().jsonSchema() || t.adapter().relays(protocol));
  }

  /**
   * Every choice of an answer checked ({@code n > 1} has several): valid when all are; the first
   * invalid one's text and problems drive the corrective request.
   */
  private record Judged(
      boolean valid, boolean repaired, String invalidText, List<String> problems) {
    static Judged of(ResponseBody body, JsonExpectation expected) {
      boolean repaired = false;
      List<String> texts = AnswerText.texts(body);
      for (String text : texts.isEmpty() ? List.of("") : texts) {
        JsonCheck check = JsonCheck.of(text, expected);
        if (!check.valid()) {
          return new Judged(false, false, text, check.problems());
        }
        repaired |= check.repaired();
      }
      return new Judged(true, repaired, "", List.of());
    }
  }

  private Reply answered(
      Call call,
      JsonVerdict verdict,
      ResponseBody body,
      Judged judged,
      JsonExpectation expected,
      List<String> before) {
    call.responseHeader(HEADER, verdict.wire());
    log(call, verdict, before);
    if (!judged.repaired()) {
      return new Reply.Complete(body);
    }
    return new Reply.Complete(AnswerText.map(body, text -> repaired(text, expected)));
  }

  /** The choice's JSON as repaired, or its text as it was when it needed no repair. */
  private static String repaired(String text, JsonExpectation expected) {
    JsonCheck check = JsonCheck.of(text, expected);
    JsonNode value = check.value();
    return check.repaired() && value != null ? value.toString() : text;
  }

  /** Every choice answers the default value (the answer's choices kept, finished "stop"). */
  private static ResponseBody defaultAnswer(ResponseBody answered, JsonNode value) {
    Message message = Message.of(Role.ASSISTANT, value.toString());
    if (answered instanceof ChatResponse chat) {
      List<ChatChoice> choices = new ArrayList<>();
      for (ChatChoice choice : chat.choices()) {
        choices.add(new ChatChoice(choice.index(), message, FinishReason.STOP, null));
      }
      if (choices.isEmpty()) {
        choices.add(new ChatChoice(0, message, FinishReason.STOP, null));
      }
      return new ChatResponse(
          chat.id(),
          chat.created(),
          chat.model(),
          choices,
          chat.usage(),
          chat.systemFingerprint(),
          null);
    }
    return AnswerText.map(answered, text -> value.toString());
  }

  private static void log(Call call, JsonVerdict verdict, List<String> problems) {
    LOG.info(
        () ->
            "request "
                + call.requestId()
                + " json="
                + verdict.wire()
                + (problems.isEmpty() ? "" : " problems=" + problems));
  }
}
