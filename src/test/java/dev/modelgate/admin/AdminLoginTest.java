package dev.modelgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.store.AdminSessionStore;
import dev.modelgate.store.AdminUserStore;
import dev.modelgate.store.AuditLog;
import dev.modelgate.store.Database;
import dev.modelgate.testkit.MutableClock;
import dev.modelgate.testkit.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admin users with password and TOTP on a real (SQLite) store with a fake clock: the right code, a
 * wrong one, a code replayed within its step, recovery codes used once, and the enrolment audit.
 */
class AdminLoginTest {
  private static final String PASSWORD = "correct horse battery staple";
  private final MutableClock clock = new MutableClock(Instant.parse("2030-06-01T12:00:10Z"));
  private TestDatabases.Provisioned provisioned;
  private Database database;
  private AdminUsers users;
  private AdminSessions sessions;
  private AdminUsers.Enrolment alice;

  @BeforeEach
  void enrol() {
    provisioned = TestDatabases.sqlite();
    database = Database.open(provisioned.settings());
    sessions = new AdminSessions(new AdminSessionStore(database), clock);
    AdminWrites writes = new AdminWrites(new StoredAudit(new AuditLog(database), clock), () -> {});
    users = new AdminUsers(new AdminUserStore(database), writes, sessions, clock);
    alice = users.add(AdminPrincipal.commandLine(), "alice", AdminRole.OPERATOR, PASSWORD);
  }

  @AfterEach
  void close() {
    database.close();
    provisioned.close();
  }

  private byte[] secret() {
    String uri = alice.totpUri();
    return Base32.decode(uri.substring(uri.indexOf("secret=") + 7, uri.indexOf('&')));
  }

  private String codeAt(Instant at) {
    return Totp.code(secret(), Totp.step(at));
  }

  private void assertRefused(String password, String code) {
    assertThatThrownBy(() -> users.login("alice", password, code, "10.0.0.9"))
        .isInstanceOfSatisfying(
            AdminException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.code()).isEqualTo("invalid_login");
            });
  }

  @Test
  void theEnrolmentIsAnOtpauthUriAndTenRecoveryCodesAndItIsAudited() {
    assertThat(alice.totpUri())
        .startsWith("otpauth://totp/ModelGate:alice?secret=")
        .contains("&algorithm=SHA1&digits=6&period=30");
    assertThat(secret()).hasSize(20);
    assertThat(alice.recoveryCodes()).hasSize(10).doesNotHaveDuplicates();
    var entries = new AuditLog(database).recent(10, null, "users.add");
    assertThat(entries).hasSize(1);
    assertThat(entries.getFirst().after()).isEqualTo("{\"name\":\"alice\",\"role\":\"operator\"}");
    assertThatThrownBy(
            () -> users.add(AdminPrincipal.commandLine(), "alice", AdminRole.ADMIN, PASSWORD))
        .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.status()).isEqualTo(409));
  }

  @Test
  void anOperatorCannotAddAdminUsers() {
    AdminPrincipal operator = new AdminPrincipal("ops", AdminRole.OPERATOR);
    assertThatThrownBy(() -> users.add(operator, "mallory", AdminRole.ADMIN, PASSWORD))
        .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.status()).isEqualTo(403));
  }

  @Test
  void theRightCodeOpensASessionWithTheUsersRoleUntilItExpires() {
    AdminSessions.Session session = users.login("alice", PASSWORD, codeAt(clock.instant()), "::1");
    AdminPrincipal who = sessions.authenticate(session.token());
    assertThat(who).isEqualTo(new AdminPrincipal("alice", AdminRole.OPERATOR, "::1"));
    assertThat(sessions.authenticate(session.token() + "x")).isNull();
    clock.advance(AdminSessions.LIFETIME);
    assertThat(sessions.authenticate(session.token())).isNull();
  }

  @Test
  void aSessionEndsAtLogoutAndWhenItsUserIsRemovedAndFollowsARoleChange() {
    AdminSessions.Session first = users.login("alice", PASSWORD, codeAt(clock.instant()), "::1");
    clock.advance(Duration.ofSeconds(30));
    AdminSessions.Session second = users.login("alice", PASSWORD, codeAt(clock.instant()), "::1");
    assertThat(sessions.close(first.token())).isTrue();
    assertThat(sessions.authenticate(first.token())).isNull();
    assertThat(sessions.close(first.token())).isFalse();
    assertThat(sessions.authenticate(second.token())).isNotNull();
    assertThat(users.list(AdminPrincipal.commandLine()))
        .extracting(AdminUserStore.UserSummary::name)
        .containsExactly("alice");
    users.remove(AdminPrincipal.commandLine(), "alice");
    assertThat(sessions.authenticate(second.token())).isNull();
    assertThat(users.list(AdminPrincipal.commandLine())).isEmpty();
    assertThat(new AuditLog(database).recent(10, null, "users.remove")).hasSize(1);
    assertThatThrownBy(() -> users.remove(AdminPrincipal.commandLine(), "alice"))
        .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void aSessionOpenedOnOneInstanceWorksOnAnotherOnTheSameStore() {
    AdminSessions.Session session = users.login("alice", PASSWORD, codeAt(clock.instant()), "::1");
    AdminSessions elsewhere = new AdminSessions(new AdminSessionStore(database), clock);
    assertThat(elsewhere.authenticate(session.token()))
        .isEqualTo(new AdminPrincipal("alice", AdminRole.OPERATOR, "::1"));
    assertThat(elsewhere.authenticate("not-a-session-token")).isNull();
  }

  @Test
  void aWrongCodeOrPasswordOrUserIsRefusedAlike() {
    String right = codeAt(clock.instant());
    String wrong = right.equals("000000") ? "111111" : "000000";
    assertRefused(PASSWORD, wrong);
    assertRefused("wrong password here", right);
    assertThatThrownBy(() -> users.login("bob", PASSWORD, right, "::1"))
        .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.status()).isEqualTo(401));
    // A code two steps old is outside the one-step drift window.
    assertRefused(PASSWORD, codeAt(clock.instant().minus(Duration.ofSeconds(60))));
    assertThat(users.login("alice", PASSWORD, right, "::1")).isNotNull();
  }

  @Test
  void aCodeIsUsedOnceEvenWithinItsStepAndAnOlderStepCannotFollowANewerOne() {
    String now = codeAt(clock.instant());
    users.login("alice", PASSWORD, now, "::1");
    clock.advance(Duration.ofSeconds(5));
    assertRefused(PASSWORD, now);
    assertRefused(PASSWORD, codeAt(clock.instant().minus(Duration.ofSeconds(30))));
    clock.advance(Duration.ofSeconds(30));
    assertThat(users.login("alice", PASSWORD, codeAt(clock.instant()), "::1")).isNotNull();
  }

  @Test
  void aRecoveryCodeWorksOnceAsTypedByAPerson() {
    String code = alice.recoveryCodes().get(3);
    String typed = " " + code.toUpperCase(Locale.ROOT) + " ";
    assertThat(users.login("alice", PASSWORD, typed, "::1")).isNotNull();
    assertRefused(PASSWORD, code);
    assertThat(users.login("alice", PASSWORD, alice.recoveryCodes().get(4), "::1")).isNotNull();
    assertRefused(PASSWORD, "zzzzz-zzzzz");
  }

  @Test
  void totpMatchesTheRfc6238TestVectorsTruncatedToSixDigits() {
    byte[] rfcSecret = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    assertThat(Totp.code(rfcSecret, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
    assertThat(Totp.code(rfcSecret, Totp.step(Instant.ofEpochSecond(1111111109))))
        .isEqualTo("081804");
    assertThat(Totp.code(rfcSecret, Totp.step(Instant.ofEpochSecond(2000000000))))
        .isEqualTo("279037");
    assertThat(Base32.encode(HexFormat.of().parseHex("666f6f626172"))).isEqualTo("MZXW6YTBOI");
  }

  @Test
  void passwordsAreArgon2idAndTooShortOnesAreRefused() {
    String hash = Passwords.hash(PASSWORD);
    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(Passwords.matches(PASSWORD, hash)).isTrue();
    assertThat(Passwords.matches(PASSWORD + "!", hash)).isFalse();
    assertThat(Passwords.matches(PASSWORD, "sha256:abc")).isFalse();
    assertThatThrownBy(() -> Passwords.hash("short"))
        .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.status()).isEqualTo(400));
  }
}
