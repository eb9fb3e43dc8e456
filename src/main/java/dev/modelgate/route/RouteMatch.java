package dev.modelgate.route;

/**
 * A route found for a public model name; {@code wildcardPart} is what a prefix route's {@code *}
 * matched.
 */
public record RouteMatch(Route route, String publicModel, String wildcardPart) {

  public String upstreamModel(Target target) {
    return target.upstreamModelFor(wildcardPart);
  }
}
