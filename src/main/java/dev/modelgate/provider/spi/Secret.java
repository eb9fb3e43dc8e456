package dev.modelgate.provider.spi;

/** A credential value that never prints itself. */
public record Secret(String value) {
  @Override
  public String toString() {
    return "Secret[<redacted>]";
  }
}
