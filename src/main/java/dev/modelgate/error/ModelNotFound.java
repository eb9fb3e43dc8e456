package dev.modelgate.error;

/** The public model name is unknown, or hidden from this caller (404). */
public final class ModelNotFound extends GatewayException {
  private final String model;

  public ModelNotFound(String model) {
    super("The model `" + model + "` does not exist or you do not have access to it.", null);
    this.model = model;
  }

  public String model() {
    return model;
  }
}
