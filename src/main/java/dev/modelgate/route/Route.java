package dev.modelgate.route;

import java.util.List;

/**
 * A public model name, or a prefix ending in {@code *}, and the targets that serve it, in order of
 * preference; {@code selector} picks one for each attempt.
 */
public record Route(String model, List<Target> targets, boolean listed, TargetSelector selector) {
  public Route {
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a route needs at least one target");
    }
  }

  /** A route that uses its first usable target. */
  public Route(String model, List<Target> targets, boolean listed) {
    this(model, targets, listed, TargetSelector.ordered());
  }

  public boolean wildcard() {
    return model.endsWith("*");
  }
}
