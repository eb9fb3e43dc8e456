package dev.modelgate.vault;

import dev.modelgate.provider.spi.Credential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * A credential of the vault as adapters use it: one object per name for the life of the gateway,
 * its values replaced in place when the vault reloads, so a rotation takes effect without a restart
 * or a configuration reload. The newest value is always sent first. While the rotated-out value is
 * in its grace period and the upstream answers 401 to the new one (it may not be active at the
 * provider yet), the old value is tried and then used for {@link #FALL_BACK_FOR}, after which the
 * new one is tried again.
 */
public final class VaultCredential implements Credential {
  static final Duration FALL_BACK_FOR = Duration.ofSeconds(30);
  private static final Logger LOG = Logger.getLogger(VaultCredential.class.getName());

  /** The values in force: the current version, and the previous one until its grace ends. */
  record Values(
      int version, String current, @Nullable String previous, @Nullable Instant previousUntil) {}

  private final String name;
  private final Clock clock;
  private volatile Values values;
  private volatile Instant currentRefusedUntil = Instant.EPOCH;

  VaultCredential(String name, Values values, Clock clock) {
    this.name = name;
    this.values = values;
    this.clock = clock;
  }

  void replace(Values next) {
    if (next.version() != values.version()) {
      currentRefusedUntil = Instant.EPOCH;
    }
    values = next;
  }

  int version() {
    return values.version();
  }

  @Override
  public String value() {
    Values v = values;
    Instant now = clock.instant();
    if (inGrace(v, now) && now.isBefore(currentRefusedUntil)) {
      return java.util.Objects.requireNonNull(v.previous());
    }
    return v.current();
  }

  @Override
  public boolean unauthorized(String value) {
    Values v = values;
    Instant now = clock.instant();
    if (!value.equals(v.current()) || !inGrace(v, now)) {
      return false;
    }
    currentRefusedUntil = now.plus(FALL_BACK_FOR);
    LOG.info(
        "credential "
            + name
            + ": the upstream refused version "
            + v.version()
            + "; the previous version is used during its grace period");
    return true;
  }

  private static boolean inGrace(Values v, Instant now) {
    return v.previous() != null && v.previousUntil() != null && now.isBefore(v.previousUntil());
  }

  @Override
  public String toString() {
    return "VaultCredential[" + name + " v" + values.version() + ", <redacted>]";
  }
}
