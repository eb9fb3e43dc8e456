package dev.modelgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.FakeClock;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthLockoutTest {
  private static final LockoutSettings THREE_PER_MINUTE =
      new LockoutSettings(3, Duration.ofMinutes(1), Duration.ofMinutes(5));

  private final FakeClock clock = new FakeClock();
  private final AuthLockout lockout = new AuthLockout(clock);

  @Test
  void theNthFailureWithinTheWindowLocksTheAddressForTheLockoutTime() throws Exception {
    InetAddress attacker = InetAddress.getByName("203.0.113.9");
    InetAddress other = InetAddress.getByName("203.0.113.10");
    lockout.failed(attacker, THREE_PER_MINUTE);
    lockout.failed(attacker, THREE_PER_MINUTE);
    assertThat(lockout.lockedFor(attacker, THREE_PER_MINUTE)).isNull();
    lockout.failed(attacker, THREE_PER_MINUTE);
    assertThat(lockout.lockedFor(attacker, THREE_PER_MINUTE)).isEqualTo(Duration.ofMinutes(5));
    assertThat(lockout.lockedFor(other, THREE_PER_MINUTE)).isNull();
    clock.advance(Duration.ofMinutes(4));
    assertThat(lockout.lockedFor(attacker, THREE_PER_MINUTE)).isEqualTo(Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(1));
    assertThat(lockout.lockedFor(attacker, THREE_PER_MINUTE)).isNull();
  }

  @Test
  void failuresOutsideTheWindowDoNotAddUp() throws Exception {
    InetAddress client = InetAddress.getByName("2001:db8::1");
    lockout.failed(client, THREE_PER_MINUTE);
    lockout.failed(client, THREE_PER_MINUTE);
    clock.advance(Duration.ofSeconds(61));
    lockout.failed(client, THREE_PER_MINUTE);
    lockout.failed(client, THREE_PER_MINUTE);
    assertThat(lockout.lockedFor(client, THREE_PER_MINUTE)).isNull();
    lockout.failed(client, THREE_PER_MINUTE);
    assertThat(lockout.lockedFor(client, THREE_PER_MINUTE)).isNotNull();
  }

  @Test
  void aSuccessClearsTheCountAndZeroFailuresTurnsItOff() throws Exception {
    InetAddress client = InetAddress.getByName("192.0.2.1");
    lockout.failed(client, THREE_PER_MINUTE);
    lockout.failed(client, THREE_PER_MINUTE);
    lockout.succeeded(client, THREE_PER_MINUTE);
    lockout.failed(client, THREE_PER_MINUTE);
    assertThat(lockout.lockedFor(client, THREE_PER_MINUTE)).isNull();
    LockoutSettings off = new LockoutSettings(0, Duration.ofMinutes(1), Duration.ofMinutes(5));
    for (int i = 0; i < 10; i++) {
      lockout.failed(client, off);
    }
    assertThat(lockout.lockedFor(client, off)).isNull();
  }
}
