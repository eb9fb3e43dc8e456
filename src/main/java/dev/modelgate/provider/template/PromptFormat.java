package dev.modelgate.provider.template;

import dev.modelgate.model.Message;
import dev.modelgate.model.Role;
import dev.modelgate.provider.common.ChatTemplate;
import dev.modelgate.provider.common.ChatTemplates;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** How chat messages become the single {@code {{prompt}}} string of a prompt-only service. */
enum PromptFormat {
  /**
   * A lone user message as it is; a conversation as role-labelled paragraphs ending in {@code
   * Assistant:}, which base and instruction models alike continue sensibly.
   */
  PLAIN {
    @Override
    String render(List<Message> messages) {
      if (messages.size() == 1 && messages.get(0).role() == Role.USER) {
        return messages.get(0).text();
      }
      StringBuilder out = new StringBuilder();
      for (Message message : messages) {
        out.append(label(message.role())).append(": ").append(message.text()).append("\n\n");
      }
      return out.append("Assistant:").toString();
    }
  },
  /** Only the last user message: for services that keep no conversation at all. */
  LAST_USER {
    @Override
    String render(List<Message> messages) {
      for (int i = messages.size() - 1; i >= 0; i--) {
        if (messages.get(i).role() == Role.USER) {
          return messages.get(i).text();
        }
      }
      return "";
    }
  };

  abstract String render(List<Message> messages);

  /**
   * A rendering by name: {@code plain}, {@code last_user}, or a chat template ({@code chatml},
   * {@code llama3}, {@code mistral}, {@code none}) for services that serve a raw model.
   */
  static Function<List<Message>, String> named(String name) {
    if (name.equals("plain")) {
      return messages -> PLAIN.render(messages);
    }
    if (name.equals("last_user")) {
      return messages -> LAST_USER.render(messages);
    }
    ChatTemplate template;
    try {
      template = ChatTemplates.named(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "prompt_format: plain, last_user or a chat template; " + e.getMessage(), e);
    }
    return messages -> template.render(messages);
  }

  private static String label(Role role) {
    String wire = role == Role.DEVELOPER ? "system" : role.wire();
    return wire.substring(0, 1).toUpperCase(Locale.ROOT) + wire.substring(1);
  }
}
