package dev.modelgate.provider.common;

/**
 * The text of a stream whose events carry either the new text (deltas) or the whole text so far
 * (cumulative servers, such as TensorRT-LLM with {@code accumulate_tokens}): each event's text in,
 * the delta out. A cumulative event that does not extend the text so far (the server rewrote it) is
 * taken as a delta of its own, since nothing already sent can be taken back.
 */
public final class StreamedText {
  private final boolean cumulative;
  private final StringBuilder text = new StringBuilder();
  private String last = "";

  public StreamedText(boolean cumulative) {
    this.cumulative = cumulative;
  }

  /** What {@code eventText} adds to the text so far. */
  public String add(String eventText) {
    if (!cumulative) {
      text.append(eventText);
      return eventText;
    }
    String delta = eventText.startsWith(last) ? eventText.substring(last.length()) : eventText;
    last = eventText;
    text.append(delta);
    return delta;
  }

  /** All text handed out so far. */
  public String text() {
    return text.toString();
  }
}
