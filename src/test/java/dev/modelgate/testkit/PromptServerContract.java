package dev.modelgate.testkit;

import java.util.Set;

/**
 * The contract for a provider whose server generates from one prompt (TGI's and Triton's native
 * APIs): configured with the fake's root as its address, and without tool calls or images, which
 * such servers do not take.
 */
public abstract class PromptServerContract extends ProviderContract {
  @Override
  protected String fakeBaseUrl() {
    return "http://127.0.0.1:" + upstream.port();
  }

  @Override
  protected boolean supports(String capability) {
    return !Set.of("tools", "parallel_tools", "vision").contains(capability);
  }
}
