package dev.modelgate.server;

import dev.modelgate.config.ShutdownSettings;
import dev.modelgate.error.ShuttingDown;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.Reply;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Counts the API calls in flight and drains them when the gateway stops. The phases, in order:
 * serving; draining (readiness fails, new calls are still served during the pre-stop delay, since a
 * load balancer keeps sending for a few seconds after it is told); refusing (new calls get 503
 * {@link ShuttingDown}, calls in flight run on); and, once the drain timeout has passed, each
 * stream still running is cut so that it ends with an error event in its client's protocol.
 */
public final class ShutdownDrain {
  private static final Logger LOG = Logger.getLogger(ShutdownDrain.class.getName());

  /** How long cut streams get to write their error event and close. */
  private static final Duration CUT_GRACE = Duration.ofSeconds(2);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final Set<DrainedStream> streams = ConcurrentHashMap.newKeySet();
  private int inFlight;
  private volatile boolean draining;
  private volatile boolean refusing;

  /** Whether a shutdown has begun: readiness fails from this moment. */
  public boolean draining() {
    return draining;
  }

  /**
   * Registers a new call; throws {@link ShuttingDown} once the pre-stop delay is over. Each
   * admitted call must be followed by one {@link #leave()}.
   */
  void enter() {
    lock.lock();
    try {
      if (refusing) {
        throw new ShuttingDown("The gateway is shutting down; send the request again.");
      }
      inFlight++;
    } finally {
      lock.unlock();
    }
  }

  void leave() {
    lock.lock();
    try {
      inFlight--;
      if (inFlight == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The reply with its stream registered, so a drain that times out can cut it. */
  Reply track(Reply reply) {
    if (reply instanceof Reply.Streaming(ChunkStream stream)) {
      return new Reply.Streaming(new DrainedStream(stream, streams));
    }
    return reply;
  }

  /**
   * Runs the whole drain and returns when no call is in flight or the time is up: {@code
   * preStopDelay}, then up to {@code drainTimeout} for calls to finish, then cuts the streams left.
   */
  public void drain(ShutdownSettings settings) {
    draining = true;
    sleep(settings.preStopDelay());
    lock.lock();
    try {
      refusing = true;
    } finally {
      lock.unlock();
    }
    if (awaitIdle(settings.drainTimeout())) {
      return;
    }
    LOG.warning(
        () ->
            "drain timeout "
                + settings.drainTimeout()
                + " passed with "
                + streams.size()
                + " streams still open; ending them with an error event");
    streams.forEach(DrainedStream::cut);
    awaitIdle(CUT_GRACE);
  }

  private boolean awaitIdle(Duration timeout) {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (inFlight > 0) {
        if (left <= 0) {
          return false;
        }
        left = idle.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  private static void sleep(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(delay.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
