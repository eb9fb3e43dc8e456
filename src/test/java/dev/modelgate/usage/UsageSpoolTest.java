package dev.modelgate.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.store.UsageRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageSpoolTest {
  @TempDir Path dir;

  @Test
  void appendedRecordsAreReadBackFromSealedSegments() {
    try (UsageSpool spool = UsageSpool.open(dir)) {
      spool.append(SpoolRecords.record("a"));
      spool.append(SpoolRecords.record("b"));
      List<Path> sealed = spool.seal();
      assertThat(sealed).hasSize(1);
      assertThat(UsageSpool.read(sealed.get(0)))
          .containsExactly(SpoolRecords.record("a"), SpoolRecords.record("b"));
      assertThat(spool.seal()).as("nothing new: no new segment").isEqualTo(sealed);
    }
  }

  @Test
  void theDrainerIsHandedWhatThisRunWroteOnceAndReadsItFromDiskAfterThat() {
    try (UsageSpool spool = UsageSpool.open(dir, Duration.ofSeconds(5))) {
      spool.append(SpoolRecords.record("a"));
      spool.append(SpoolRecords.record("b"));
      Path first = spool.seal().get(0);
      spool.append(SpoolRecords.record("c"));
      List<Path> sealed = spool.seal();
      assertThat(sealed).hasSize(2).startsWith(first);
      assertThat(spool.records(first))
          .containsExactly(SpoolRecords.record("a"), SpoolRecords.record("b"))
          .isEqualTo(UsageSpool.read(first));
      assertThat(spool.records(sealed.get(1))).containsExactly(SpoolRecords.record("c"));
      // taken once: a second drain of the same segment (its first attempt failed) reads the disk
      assertThat(spool.records(first)).isEqualTo(UsageSpool.read(first)).hasSize(2);
    }
  }

  @Test
  void aSegmentWhoseRecordsDoNotFitTheHoldIsReadFromDiskWhole() {
    try (UsageSpool spool = UsageSpool.open(dir, Duration.ofSeconds(5), 3)) {
      spool.append(SpoolRecords.record("a"));
      spool.append(SpoolRecords.record("b"));
      Path first = spool.seal().get(0);
      spool.append(SpoolRecords.record("c")); // fits: three held
      spool.append(SpoolRecords.record("d")); // does not: the second segment is not held at all
      Path second = spool.seal().get(1);
      assertThat(spool.records(second))
          .containsExactly(SpoolRecords.record("c"), SpoolRecords.record("d"));
      assertThat(spool.records(first))
          .containsExactly(SpoolRecords.record("a"), SpoolRecords.record("b"));
      // the hold was released as the drainer took it: a new segment fits again
      spool.append(SpoolRecords.record("e"));
      spool.append(SpoolRecords.record("f"));
      spool.append(SpoolRecords.record("g"));
      Path third = spool.seal().get(2);
      assertThat(spool.records(third)).hasSize(3);
    }
  }

  @Test
  void concurrentAppendsAllArriveOnce() throws Exception {
    try (UsageSpool spool = UsageSpool.open(dir)) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int i = 0; i < 200; i++) {
                        spool.append(SpoolRecords.record(thread + "-" + i));
                      }
                    }));
      }
      for (Thread thread : threads) {
        thread.join();
      }
      List<String> ids = new ArrayList<>();
      spool.seal().forEach(s -> UsageSpool.read(s).forEach(r -> ids.add(r.id())));
      assertThat(ids).hasSize(1600).doesNotHaveDuplicates();
    }
  }

  @Test
  void aTornLastFrameEndsTheSegmentAndANewRunWritesANewSegment() throws IOException {
    Path first;
    try (UsageSpool spool = UsageSpool.open(dir)) {
      spool.append(SpoolRecords.record("kept"));
      first = spool.seal().get(0);
    }
    // A crash in the middle of a write that was never acknowledged: half a frame at the end.
    byte[] torn = SpoolFrames.frame(SpoolRecords.record("torn"));
    Files.write(first, java.util.Arrays.copyOf(torn, torn.length / 2), StandardOpenOption.APPEND);
    try (UsageSpool reopened = UsageSpool.open(dir)) {
      reopened.append(SpoolRecords.record("next"));
      List<UsageRecord> all = new ArrayList<>();
      reopened.seal().forEach(s -> all.addAll(UsageSpool.read(s)));
      assertThat(all).extracting(UsageRecord::id).containsExactly("kept", "next");
    }
  }

  @Test
  void theDrainerKeepsSegmentsWhileTheDatabaseFailsAndWritesThemWhenItReturns() {
    AtomicBoolean down = new AtomicBoolean(true);
    List<UsageRecord> stored = new ArrayList<>();
    try (UsageSpool spool = UsageSpool.open(dir)) {
      SpoolDrainer drainer =
          new SpoolDrainer(
              spool,
              batch -> {
                if (down.get()) {
                  throw new IllegalStateException("database unreachable");
                }
                stored.addAll(batch);
              },
              Duration.ofSeconds(1),
              2);
      IntStream.range(0, 5).forEach(i -> spool.append(SpoolRecords.record("r" + i)));
      assertThatThrownBy(drainer::drainOnce).hasMessageContaining("unreachable");
      spool.append(SpoolRecords.record("r5"));
      assertThatThrownBy(drainer::drainOnce).hasMessageContaining("unreachable");
      assertThat(stored).isEmpty();
      down.set(false);
      drainer.drainOnce();
      assertThat(stored)
          .extracting(UsageRecord::id)
          .containsExactly("r0", "r1", "r2", "r3", "r4", "r5");
      assertThat(spool.seal()).as("written segments are deleted").isEmpty();
    }
  }
}
