package dev.modelgate.provider.common;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.modelgate.model.Usage;
import org.jspecify.annotations.Nullable;

/**
 * Token counts for upstreams that report none, with OpenAI's o200k encoding: exact for OpenAI
 * models, an estimate for others (their own tokenizers differ by some percent), so usage built here
 * is marked {@code estimated}.
 */
public final class TokenEstimate {
  private static final Encoding ENCODING =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  private TokenEstimate() {}

  public static long of(String text) {
    return text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text);
  }

  /** Usage counted from the prompt and the answer, marked estimated. */
  public static Usage usage(String prompt, String completion) {
    long in = of(prompt);
    long out = of(completion);
    return new Usage(in, out, in + out, null, null, true, null);
  }

  /**
   * Usage from the counts an upstream reported, the missing ones counted from the texts (and then
   * marked estimated).
   */
  public static Usage usage(
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
