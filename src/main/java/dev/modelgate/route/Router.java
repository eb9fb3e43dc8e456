package dev.modelgate.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Public model name to route: exact names first, then the longest matching prefix route. */
public final class Router {
  private final Map<String, Route> exact = new HashMap<>();
  private final List<Route> prefixes = new ArrayList<>();
  private final List<Route> all;

  public Router(List<Route> routes) {
    this.all = List.copyOf(routes);
    for (Route route : routes) {
      if (route.wildcard()) {
        prefixes.add(route);
      } else {
        exact.put(route.model(), route);
      }
    }
    prefixes.sort(Comparator.comparingInt((Route r) -> r.model().length()).reversed());
  }

  public @Nullable RouteMatch find(String model) {
    Route route = exact.get(model);
    if (route != null) {
      return new RouteMatch(route, model, model);
    }
    for (Route prefix : prefixes) {
      String stem = prefix.model().substring(0, prefix.model().length() - 1);
      if (model.startsWith(stem) && model.length() > stem.length()) {
        return new RouteMatch(prefix, model, model.substring(stem.length()));
      }
    }
    return null;
  }

  /** The routes with a fixed name that are listed in {@code /v1/models}. */
  public List<Route> listed() {
    return all.stream().filter(r -> !r.wildcard() && r.listed()).toList();
  }
}
