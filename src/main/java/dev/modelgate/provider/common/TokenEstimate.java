package dev.modelgate.provider.common;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.modelgate.model.Usage;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Token counts for upstreams that report none. {@link #O200K} counts with OpenAI's o200k encoding:
 * exact for OpenAI models, an estimate for others (their own tokenizers differ by some percent); an
 * upstream configured with its model's {@code tokenizer.json} counts with that ({@link
 * HuggingFaceTokenizer}). Usage built here is marked {@code estimated} either way: a chat template
 * adds tokens the texts do not show.
 */
public final class TokenEstimate {
  private static final Encoding O200K_ENCODING =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  public static final TokenEstimate O200K = new TokenEstimate(O200K_ENCODING::countTokensOrdinary);

  private final ToLongFunction<String> counter;

  TokenEstimate(ToLongFunction<String> counter) {
    this.counter = counter;
  }

  /** Counts with {@code counter} (an adapter's {@code tokenCounter}). */
  public static TokenEstimate counting(ToLongFunction<String> counter) {
    return new TokenEstimate(counter);
  }

  public long of(String text) {
    return text.isEmpty() ? 0 : counter.applyAsLong(text);
  }

  /** Usage counted from the prompt and the answer, marked estimated. */
  public Usage usage(String prompt, String completion) {
    long in = of(prompt);
    long out = of(completion);
    return new Usage(in, out, in + out, null, null, true, null);
  }

  /**
   * Usage from the counts an upstream reported, the missing ones counted from the texts (and then
   * marked estimated).
   */
  public Usage usage(
      @Nullable Long reportedPrompt,
      @Nullable Long reportedCompletion,
      String prompt,
      String completion) {
    long in = reportedPrompt != null ? reportedPrompt : of(prompt);
    long out = reportedCompletion != null ? reportedCompletion : of(completion);
    boolean estimated = reportedPrompt == null || reportedCompletion == null;
    return new Usage(in, out, in + out, null, null, estimated, null);
  }
}
