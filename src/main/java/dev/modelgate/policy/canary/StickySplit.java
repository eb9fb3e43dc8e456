package dev.modelgate.policy.canary;

import java.nio.charset.StandardCharsets;

/**
 * The sticky split: a user's key hashes to one of 10,000 buckets, and the buckets below the stage's
 * share (in hundredths of a percent) go to the candidate. The hash is FNV-1a over the UTF-8 bytes,
 * finished with MurmurHash3's 64-bit mix so that similar keys spread; it is fixed by this code, not
 * by the JVM, so every instance and every restart puts a user on the same side. Raising the share
 * only moves users from stable to candidate, never back.
 */
public final class StickySplit {
  static final int BUCKETS = 10_000;

  private StickySplit() {}

  /** The user's bucket, 0 to 9,999, salted with the route so routes draw different cohorts. */
  public static int bucket(String salt, String key) {
    long hash = 0xcbf29ce484222325L;
    hash = fnv(hash, salt.getBytes(StandardCharsets.UTF_8));
    hash = fnv(hash, new byte[] {0});
    hash = fnv(hash, key.getBytes(StandardCharsets.UTF_8));
    return (int) Long.remainderUnsigned(mix(hash), BUCKETS);
  }

  /** The side a user lands on when the candidate has {@code percent} of the traffic. */
  public static Side side(String salt, String key, double percent) {
    long threshold = Math.round(percent * (BUCKETS / 100.0));
    return bucket(salt, key) < threshold ? Side.CANDIDATE : Side.STABLE;
  }

  private static long fnv(long hash, byte[] bytes) {
    long h = hash;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static long mix(long value) {
    long k = value;
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
