package dev.modelgate.config;

import java.util.List;

/**
 * The admin API: its own listener and path prefix, and the hashes of the admin tokens that may use
 * it (made with {@code modelgate keys hash}, like client keys). Off unless configured.
 */
public record AdminSettings(
    boolean enabled, String host, int port, String path, List<Token> tokens) {
  public static final AdminSettings DISABLED =
      new AdminSettings(false, "127.0.0.1", 8081, "/admin", List.of());

  public AdminSettings {
    tokens = List.copyOf(tokens);
  }

  /**
   * An admin token by its hash, with its role ({@code admin}, {@code operator} or {@code viewer}).
   */
  public record Token(String name, String hash, String role) {
    public Token(String name, String hash) {
      this(name, hash, "admin");
    }
  }
}
