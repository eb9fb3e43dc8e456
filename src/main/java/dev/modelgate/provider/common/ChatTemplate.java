package dev.modelgate.provider.common;

import dev.modelgate.model.Message;
import dev.modelgate.model.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * How chat messages become the one prompt string of a server that takes text only (TGI's {@code
 * /generate}, Triton's generate extension): each turn wrapped in its role's prefix and suffix, the
 * turns joined by a separator, then the opening of the assistant's turn the model is to continue.
 *
 * @param begin text before the first turn (a BOS token such as {@code <s>})
 * @param system the system turn (developer messages too)
 * @param user the user turn
 * @param assistant the assistant turn
 * @param tool the turn of a tool result
 * @param generation text after the last turn: the assistant's opening
 * @param separator text between two turns
 * @param systemIntoUser templates without a system role (Mistral): system text opens the next user
 *     turn instead, separated by a blank line
 */
public record ChatTemplate(
    String begin,
    Turn system,
    Turn user,
    Turn assistant,
    Turn tool,
    String generation,
    String separator,
    boolean systemIntoUser) {

  /** What surrounds one message's text. */
  public record Turn(String prefix, String suffix) {}

  /** The prompt for {@code messages}, ready for the model to continue as the assistant. */
  public String render(List<Message> messages) {
    List<String> turns = new ArrayList<>();
    String pendingSystem = null;
    for (Message message : messages) {
      Role role = message.role();
      String text = message.text();
      if (isSystem(role) && systemIntoUser) {
        pendingSystem = pendingSystem == null ? text : pendingSystem + "\n\n" + text;
        continue;
      }
      if (role == Role.USER && pendingSystem != null) {
        text = pendingSystem + "\n\n" + text;
        pendingSystem = null;
      }
      Turn turn = turn(role);
      turns.add(turn.prefix() + text + turn.suffix());
    }
    if (pendingSystem != null) {
      turns.add(user.prefix() + pendingSystem + user.suffix());
    }
    return begin + String.join(separator, turns) + generation;
  }

  private Turn turn(Role role) {
    return switch (role) {
      case SYSTEM, DEVELOPER -> system;
      case USER -> user;
      case ASSISTANT -> assistant;
      case TOOL, FUNCTION -> tool;
    };
  }

  private static boolean isSystem(Role role) {
    return role == Role.SYSTEM || role == Role.DEVELOPER;
  }
}
