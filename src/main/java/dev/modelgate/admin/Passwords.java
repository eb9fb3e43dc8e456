package dev.modelgate.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Admin passwords hashed with Argon2id (Bouncy Castle, pure Java) at OWASP's minimum (19 MiB, 2
 * passes, 1 lane), stored as a PHC string so the parameters can be raised later without breaking
 * the stored hashes.
 */
public final class Passwords {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MEMORY_KIB = 19 * 1024;
  private static final int PASSES = 2;
  private static final int LANES = 1;
  private static final int MIN_LENGTH = 12;

  private Passwords() {}

  /** {@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}, salt and hash in unpadded base64. */
  public static String hash(String password) {
    if (password.length() < MIN_LENGTH) {
      throw AdminException.invalid("password: must have at least " + MIN_LENGTH + " characters");
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] hash = argon2(password, salt, MEMORY_KIB, PASSES, LANES);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s"
        .formatted(MEMORY_KIB, PASSES, LANES, b64.encodeToString(salt), b64.encodeToString(hash));
  }

  /** Whether {@code password} matches {@code stored}; false for anything not a hash made here. */
  public static boolean matches(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    try {
      String[] costs = parts[3].split(",");
      int memory = Integer.parseInt(costs[0].substring(2));
      int passes = Integer.parseInt(costs[1].substring(2));
      int lanes = Integer.parseInt(costs[2].substring(2));
      byte[] salt = Base64.getDecoder().decode(parts[4]);
      byte[] expected = Base64.getDecoder().decode(parts[5]);
      return MessageDigest.isEqual(expected, argon2(password, salt, memory, passes, lanes));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static byte[] argon2(String password, byte[] salt, int memory, int passes, int lanes) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(memory)
            .withIterations(passes)
            .withParallelism(lanes)
            .build());
    byte[] hash = new byte[32];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
    return hash;
  }
}
