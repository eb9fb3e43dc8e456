package dev.modelgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling by size and by time on a real directory: every line written is found whole, once and in
 * order across the live file and the rolled ones; no more than {@code max_files} rolled files stay.
 */
class RollingFileTest {
  @TempDir Path dir;

  private static String line(int n) {
    return "{\"n\":" + n + ",\"pad\":\"" + "x".repeat(60 + n % 40) + "\"}\n";
  }

  /** Writes lines 0..count-1 in batches of 1 to 20 whole lines, one write call per batch. */
  private static void writeLines(RollingFile file, int from, int count) throws IOException {
    Random random = new Random(42);
    int n = from;
    while (n < from + count) {
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      int lines = Math.min(1 + random.nextInt(20), from + count - n);
      for (int i = 0; i < lines; i++) {
        batch.writeBytes(line(n++).getBytes(StandardCharsets.UTF_8));
      }
      file.write(batch.toByteArray(), 0, batch.size());
    }
  }

  /** Every line of every file, oldest file first. */
  private List<String> allLines(Path live) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int g = 1000; g >= 1; g--) {
      Path rolled = live.resolveSibling(live.getFileName() + "." + g);
      Path archived = live.resolveSibling(live.getFileName() + "." + g + ".gz");
      if (Files.exists(rolled)) {
        lines.addAll(Files.readAllLines(rolled));
      }
      if (Files.exists(archived)) {
        lines.addAll(gunzip(archived).lines().toList());
      }
    }
    lines.addAll(Files.readAllLines(live));
    return lines;
  }

  private static String gunzip(Path archive) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> expected(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(n -> line(n).strip()).toList();
  }

  @Test
  void bySizeNoLineIsLostOrSplitAndNoFileOutgrowsTheLimit() throws IOException {
    Path live = dir.resolve("logs/access.log");
    AccessLogSettings rotation =
        new AccessLogSettings(live.toString(), 4096, Duration.ZERO, 1000, false);
    try (RollingFile file = new RollingFile(live, rotation, Clock.systemUTC())) {
      writeLines(file, 0, 2000);
    }
    assertThat(allLines(live)).containsExactlyElementsOf(expected(0, 2000));
    try (var files = Files.list(live.getParent())) {
      List<Path> all = files.toList();
      assertThat(all).hasSizeGreaterThan(30);
      for (Path f : all) {
        assertThat(Files.size(f)).as(f.toString()).isLessThanOrEqualTo(4096);
        assertThat(Files.readString(f)).endsWith("\n");
      }
    }
  }

  @Test
  void onlyMaxFilesRolledFilesAreKeptAndTheyHoldTheNewestLines() throws IOException {
    Path live = dir.resolve("access.log");
    AccessLogSettings rotation =
        new AccessLogSettings(live.toString(), 2048, Duration.ZERO, 3, false);
    try (RollingFile file = new RollingFile(live, rotation, Clock.systemUTC())) {
      writeLines(file, 0, 1000);
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("access.log", "access.log.1", "access.log.2", "access.log.3");
    }
    List<String> kept = allLines(live);
    int first = Integer.parseInt(kept.getFirst().replaceAll("\\{\"n\":(\\d+),.*", "$1"));
    assertThat(kept).containsExactlyElementsOf(expected(first, 1000 - first));
  }

  @Test
  void compressedRolledFilesAreWholeGzipArchivesHoldingEveryLine() throws IOException {
    Path live = dir.resolve("access.log");
    AccessLogSettings rotation =
        new AccessLogSettings(live.toString(), 2048, Duration.ZERO, 5, true);
    // A part left by a compression that a crash cut short is removed at start.
    Files.writeString(dir.resolve("access.log.1.gz.part"), "torn");
    try (RollingFile file = new RollingFile(live, rotation, Clock.systemUTC())) {
      writeLines(file, 0, 1000);
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "access.log",
              "access.log.1.gz",
              "access.log.2.gz",
              "access.log.3.gz",
              "access.log.4.gz",
              "access.log.5.gz");
    }
    for (int g = 1; g <= 5; g++) {
      Path archive = dir.resolve("access.log." + g + ".gz");
      String text = gunzip(archive);
      assertThat(text).as(archive.toString()).endsWith("\n");
      assertThat(text.length()).isGreaterThan(1000).isLessThanOrEqualTo(2048);
      assertThat(Files.size(archive)).isLessThan(text.length());
    }
    List<String> kept = allLines(live);
    int first = Integer.parseInt(kept.getFirst().replaceAll("\\{\"n\":(\\d+),.*", "$1"));
    assertThat(first).isGreaterThan(0);
    assertThat(kept).containsExactlyElementsOf(expected(first, 1000 - first));
  }

  @Test
  void byTimeAFileHoldsOnePeriodAndARestartRollsAnOldFile() throws IOException {
    Path live = dir.resolve("access.log");
    MutableClock clock = new MutableClock(Instant.parse("2030-06-01T10:59:00Z"));
    AccessLogSettings hourly =
        new AccessLogSettings(live.toString(), 0, Duration.ofHours(1), 5, false);
    try (RollingFile file = new RollingFile(live, hourly, clock)) {
      writeLines(file, 0, 10);
      clock.advance(Duration.ofSeconds(59));
      writeLines(file, 10, 10);
      clock.advance(Duration.ofSeconds(1)); // 11:00:00, the next hour
      writeLines(file, 20, 10);
    }
    assertThat(Files.readAllLines(live.resolveSibling("access.log.1")))
        .containsExactlyElementsOf(expected(0, 20));
    assertThat(Files.readAllLines(live)).containsExactlyElementsOf(expected(20, 10));

    // The live file's modification time is the wall clock's, years before the test clock's
    // period: a restart rolls it before writing, so no file spans two periods.
    try (RollingFile file = new RollingFile(live, hourly, clock)) {
      writeLines(file, 30, 1);
    }
    assertThat(Files.readAllLines(live.resolveSibling("access.log.1")))
        .containsExactlyElementsOf(expected(20, 10));
    assertThat(Files.readAllLines(live)).containsExactlyElementsOf(expected(30, 1));
  }
}
