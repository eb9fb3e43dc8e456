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
import java.util.List;
import java.util.logging.Logger;

/**
 * The JSON guarantee for OpenAI chat requests with a JSON {@code response_format}. Targets that all
 * have structured output get the request as sent (each adapter encodes the format natively);
 * otherwise a system instruction asks for the JSON. The answer's text is then checked: valid as
 * sent, else repaired, else one corrective request naming the validation errors, else the
 * configured default. The step is sent in {@code x-modelgate-json} and logged. Streams pass through
 * and get their verdict in the final chunk ({@link JsonVerdictStream}).
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
        || request.protocol() != WireProtocol.OPENAI
        || !(request.canonical() instanceof ChatRequest chat)) {
      return next.proceed(call);
    }
    JsonExpectation expected = JsonExpectation.of(chat.responseFormat());
    if (expected == null) {
      return next.proceed(call);
    }
    boolean nativeOutput = allNative(call.targets());
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
    String text = AnswerText.of(body);
    JsonCheck first = JsonCheck.of(text, expected);
    if (first.valid()) {
      JsonVerdict verdict =
          first.repaired()
              ? JsonVerdict.REPAIRED
              : nativeOutput ? JsonVerdict.NATIVE : JsonVerdict.INSTRUCTED;
      return answered(call, verdict, body, first, List.of());
    }
    if (settings.retry()) {
      ChatRequest asked = (ChatRequest) request.canonical();
      request.replace(JsonPrompts.corrective(asked, text, first.problems()));
      ResponseBody second = ((Reply.Complete) next.proceed(call)).body();
      JsonCheck retried = JsonCheck.of(AnswerText.of(second), expected);
      if (retried.valid()) {
        return answered(call, JsonVerdict.RETRIED, second, retried, first.problems());
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

  private static boolean allNative(List<Target> targets) {
    return !targets.isEmpty()
        && targets.stream().allMatch(t -> t.adapter().capabilities().jsonSchema());
  }

  private Reply answered(
      Call call, JsonVerdict verdict, ResponseBody body, JsonCheck check, List<String> before) {
    call.responseHeader(HEADER, verdict.wire());
    log(call, verdict, before);
    JsonNode value = check.value();
    if (!check.repaired() || value == null) {
      return new Reply.Complete(body);
    }
    String json = value.toString();
    return new Reply.Complete(AnswerText.map(body, text -> json));
  }

  private static ResponseBody defaultAnswer(ResponseBody answered, JsonNode value) {
    Message message = Message.of(Role.ASSISTANT, value.toString());
    if (answered instanceof ChatResponse chat) {
      return new ChatResponse(
          chat.id(),
          chat.created(),
          chat.model(),
          List.of(new ChatChoice(0, message, FinishReason.STOP, null)),
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
