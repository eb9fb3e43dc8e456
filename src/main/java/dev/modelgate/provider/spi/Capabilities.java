package dev.modelgate.provider.spi;

import dev.modelgate.model.Operation;
import java.util.Set;

/**
 * What a target can do, so routing refuses up front what it cannot (a clear error instead of an
 * upstream's confusing one) and the contract kit runs only the scenarios that apply.
 */
public record Capabilities(
    Set<Operation> operations,
    boolean streaming,
    boolean tools,
    boolean parallelTools,
    boolean vision,
    boolean jsonSchema,
    boolean usageInStream) {

  public Capabilities {
    operations = Set.copyOf(operations);
  }

  public boolean supports(Operation operation) {
    return operations.contains(operation);
  }
}
