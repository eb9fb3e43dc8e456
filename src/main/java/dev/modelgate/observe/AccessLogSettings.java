package dev.modelgate.observe;

import java.time.Duration;

/**
 * The {@code observability.access_log} section: where the lines go and, for a file, when it rolls
 * over. The command line's {@code --access-log} overrides {@code to}.
 *
 * @param to {@code stdout}, {@code none}, or a file path
 * @param maxBytes a file rolls over before a write would take it past this; 0: no size limit
 * @param rotateEvery a file also rolls over at each multiple of this since the epoch (UTC), so
 *     {@code 1d} rolls at midnight UTC; zero: never by time
 * @param maxFiles rolled files kept beside the live one ({@code access.log.1} is the newest)
 * @param compress rolled files are gzipped ({@code access.log.1.gz}) in the background
 */
public record AccessLogSettings(
    String to, long maxBytes, Duration rotateEvery, int maxFiles, boolean compress) {
  public static final String STDOUT = "stdout";
  public static final String NONE = "none";

  public static final AccessLogSettings DEFAULT =
      new AccessLogSettings(STDOUT, 100L * 1024 * 1024, Duration.ZERO, 10, true);

  /** The same rotation, written to {@code target} instead. */
  public AccessLogSettings to(String target) {
    return new AccessLogSettings(target, maxBytes, rotateEvery, maxFiles, compress);
  }
}
