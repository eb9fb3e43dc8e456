package dev.modelgate.route;

import java.util.List;

/**
 * A public model name, or a prefix ending in {@code *}, and the targets that serve it, in order of
 * preference.
 */
public record Route(String model, List<Target> targets, boolean listed) {
  public Route {
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a route needs at least one target");
    }
  }

  public boolean wildcard() {
    return model.endsWith("*");
  }
}
