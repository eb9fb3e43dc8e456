package dev.modelgate.server;

import dev.modelgate.config.ResponseChecks;
import dev.modelgate.observe.trace.ContentRedactor;
import dev.modelgate.policy.guardrail.Redactor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Masks the prompt and answer text that tracing captures by the guardrail rules of the
 * configuration in force: every kind of personal data, and whatever any profile's keywords and
 * patterns match, whatever the route (a span outlives the route's rules and is read by others). The
 * rules are compiled once per configuration snapshot, so a reload that changes them applies to the
 * next capture.
 */
final class CapturedContentRedactor implements ContentRedactor {
  private record Compiled(ResponseChecks checks, Redactor redactor) {}

  private final Supplier<ResponseChecks> checks;
  private volatile @Nullable Compiled compiled;

  CapturedContentRedactor(Supplier<ResponseChecks> checks) {
    this.checks = checks;
  }

  // Identity on purpose: each configuration snapshot is one object, and a reload makes a new one.
  @SuppressWarnings("ReferenceEquality")
  @Override
  public String redact(String text) {
    ResponseChecks now = checks.get();
    Compiled current = compiled;
    if (current == null || current.checks() != now) {
      current = new Compiled(now, Redactor.masking(now.everyRule()));
      compiled = current;
    }
    return current.redactor().redact(text);
  }
}
