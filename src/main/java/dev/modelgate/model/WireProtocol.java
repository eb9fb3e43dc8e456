package dev.modelgate.model;

/** The API a client speaks to the gateway, or an upstream speaks natively. */
public enum WireProtocol {
  OPENAI,
  ANTHROPIC
}
