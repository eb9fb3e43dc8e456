package dev.modelgate.policy.canary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StickySplitTest {
  private static final int USERS = 100_000;

  @ParameterizedTest
  @ValueSource(doubles = {1, 5, 20, 50, 95})
  void theCandidatesShareOf100000UsersIsWithinOnePercentOfTheSplit(double percent) {
    int candidates = 0;
    for (int i = 0; i < USERS; i++) {
      if (StickySplit.side("chat", "user-" + i, percent) == Side.CANDIDATE) {
        candidates++;
      }
    }
    double share = 100.0 * candidates / USERS;
    assertThat(share).isCloseTo(percent, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void aUserAlwaysLandsOnTheSameSide() {
    for (int i = 0; i < 1000; i++) {
      String user = "user-" + i;
      Side first = StickySplit.side("chat", user, 20);
      for (int again = 0; again < 5; again++) {
        assertThat(StickySplit.side("chat", user, 20)).isEqualTo(first);
      }
    }
  }

  @Test
  void theHashIsFixedByTheCodeNotByTheProcess() {
    assertThat(
            java.util.stream.IntStream.range(0, 3)
                .map(i -> StickySplit.bucket("chat", "user-" + i))
                .boxed()
                .toList())
        .containsExactly(PINNED_0, PINNED_1, PINNED_2);
  }

  @Test
  void raisingTheShareOnlyMovesUsersFromStableToCandidate() {
    for (int i = 0; i < 10_000; i++) {
      String user = "user-" + i;
      if (StickySplit.side("chat", user, 5) == Side.CANDIDATE) {
        assertThat(StickySplit.side("chat", user, 20)).isEqualTo(Side.CANDIDATE);
        assertThat(StickySplit.side("chat", user, 100)).isEqualTo(Side.CANDIDATE);
      }
    }
  }

  @Test
  void routesDrawDifferentCohorts() {
    int same = 0;
    for (int i = 0; i < 10_000; i++) {
      String user = "user-" + i;
      if (StickySplit.side("chat", user, 50) == StickySplit.side("code", user, 50)) {
        same++;
      }
    }
    // Independent halves agree about half of the time; the same cohort would agree always.
    assertThat(same).isBetween(4_500, 5_500);
  }

  @Test
  void zeroAndHundredPercentAreAbsolute() {
    for (int i = 0; i < 10_000; i++) {
      assertThat(StickySplit.side("chat", "u" + i, 0)).isEqualTo(Side.STABLE);
      assertThat(StickySplit.side("chat", "u" + i, 100)).isEqualTo(Side.CANDIDATE);
    }
  }

  // Buckets this code gave these users when it was written: a change of the hash would move
  // users between sides on upgrade, so it must be a deliberate one that updates these.
  private static final int PINNED_0 = 1350;
  private static final int PINNED_1 = 5279;
  private static final int PINNED_2 = 4;
}
