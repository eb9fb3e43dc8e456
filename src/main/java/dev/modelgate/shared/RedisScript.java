package dev.modelgate.shared;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script kept as a class-path resource beside the class that runs it; Redis runs it
 * atomically. {@link RedisLink#eval} sends its SHA-1 ({@code EVALSHA}) and loads the text only when
 * the server does not know it yet (a new or restarted Redis).
 */
public record RedisScript(String name, String source, String sha1) {

  /** The resource {@code name} next to {@code owner} (same package). */
  public static RedisScript resource(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "no script " + name + " beside " + owner.getName() + " on the class path");
      }
      String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new RedisScript(name, source, sha1(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String source) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
  }
}
