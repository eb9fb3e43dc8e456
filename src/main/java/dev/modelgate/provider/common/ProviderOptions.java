package dev.modelgate.provider.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** Checks of a provider's options: a misspelt option is an error, not silently ignored. */
public final class ProviderOptions {
  private ProviderOptions() {}

  /**
   * @throws IllegalArgumentException naming the first option not in {@code known}
   */
  public static void only(JsonNode options, Set<String> known) {
    for (Iterator<String> names = options.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            name + ": unknown option (known: " + new TreeSet<>(known) + ")");
      }
    }
  }
}
