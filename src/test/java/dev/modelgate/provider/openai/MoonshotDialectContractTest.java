package dev.modelgate.provider.openai;

/**
 * The shared OpenAI-compatible scenarios and the moonshot dialect's own, through the moonshot
 * dialect.
 */
class MoonshotDialectContractTest extends OpenAiCompatibleContract {
  @Override
  String dialect() {
    return "moonshot";
  }

  /** Moonshot takes no named function in tool_choice: its own scenario shows the rewrite. */
  @Override
  protected boolean supports(String capability) {
    return !capability.equals("named_tool_choice");
  }
}
