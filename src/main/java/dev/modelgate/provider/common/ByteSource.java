package dev.modelgate.provider.common;

/** Something to read bytes from that fails only with unchecked gateway errors. */
@FunctionalInterface
public interface ByteSource {
  /** Reads up to {@code length} bytes into {@code buffer}; -1 at the end. */
  int read(byte[] buffer, int offset, int length);
}
