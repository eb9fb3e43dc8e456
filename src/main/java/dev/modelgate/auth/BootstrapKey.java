package dev.modelgate.auth;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The first client key of the embedded default: made on first start, printed once, and only its
 * hash kept (in {@code bootstrap-key.sha256} in the data directory).
 */
public final class BootstrapKey {
  static final String FILE = "bootstrap-key.sha256";

  private BootstrapKey() {}

  /** The stored hash, making (and printing) a new key when there is none yet. */
  public static String ensure(Path dataDir, PrintStream out) {
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        String hash = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (ApiKeys.parseHash(hash) == null) {
          throw new IllegalStateException(
              file + " does not hold a key hash; delete it to make a new key");
        }
        return hash;
      }
      Files.createDirectories(dataDir);
      String key = ApiKeys.newKey();
      String hash = ApiKeys.hash(key);
      Files.writeString(file, hash + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // The file holds a hash, not the key; permissions are a courtesy.
      }
      out.println();
      out.println("  A client API key was made for this gateway. It is shown only this once:");
      out.println();
      out.println("      " + key);
      out.println();
      out.println("  Only its hash is kept (" + file + ").");
      out.println("  Delete that file and restart to make a new key.");
      out.println();
      return hash;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot keep the bootstrap key in " + dataDir + ": " + e.getMessage(), e);
    }
  }
}
