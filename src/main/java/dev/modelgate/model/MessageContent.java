package dev.modelgate.model;

import java.util.List;

/** Message content: a plain string, or a list of parts. The form is kept so a relay can echo it. */
public sealed interface MessageContent {

  /** All text in the content, parts joined without separator. */
  String text();

  /** Content sent as a JSON string. */
  record Plain(String text) implements MessageContent {}

  /** Content sent as an array of typed parts. */
  record Parts(List<ContentPart> parts) implements MessageContent {
    public Parts {
      parts = List.copyOf(parts);
    }

    @Override
    public String text() {
      StringBuilder out = new StringBuilder();
      for (ContentPart part : parts) {
        if (part instanceof ContentPart.Text t) {
          out.append(t.text());
        }
      }
      return out.toString();
    }
  }
}
