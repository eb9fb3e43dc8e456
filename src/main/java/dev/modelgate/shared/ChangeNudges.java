package dev.modelgate.shared;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Tells the other instances that something they hold in memory changed where they all read it (the
 * store's keys, the vault's credentials, a configuration file): one Redis channel, {@code
 * mg:changes}, with messages {@code <origin> <topic> <detail>}. A nudged instance refreshes at once
 * instead of at its next poll. Polling stays, so a nudge lost while Redis is down only delays the
 * change to the next poll; when the subscription comes back after a break, every handler runs once
 * for what it may have missed.
 */
public final class ChangeNudges implements AutoCloseable {
  /** The virtual keys and admin users in the store. */
  public static final String KEYS = "keys";

  /** The vault's credentials. */
  public static final String VAULT = "vault";

  /** A configuration file; the detail is the SHA-256 of the content now in force. */
  public static final String CONFIG = "config";

  static final String USE = "nudge";
  private static final Logger LOG = Logger.getLogger(ChangeNudges.class.getName());
  private static final Duration RETRY = Duration.ofMillis(200);

  private final RedisLink link;
  private final String channel;
  private final String origin = UUID.randomUUID().toString();
  private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
  private final Thread listener;
  private volatile @Nullable Jedis connection;
  private volatile boolean closed;

  private ChangeNudges(RedisLink link) {
    this.link = link;
    this.channel = link.key("changes");
    this.listener = Thread.ofVirtual().name("modelgate-change-nudges").unstarted(this::listen);
  }

  /**
   * Subscribes (in the background, resubscribing after Redis breaks) and publishes on {@code link}.
   */
  public static ChangeNudges start(RedisLink link) {
    ChangeNudges nudges = new ChangeNudges(link);
    // A connection that broke silently is replaced once Redis is seen again.
    link.whenBack(nudges::dropConnection);
    nudges.listener.start();
    return nudges;
  }

  /**
   * Publishes one nudge through a link of its own (the command line): the running instances that
   * share {@code settings}' Redis refresh at once. When Redis cannot be reached they see the change
   * at their next poll, which is logged.
   */
  public static void publishOnce(SharedSettings settings, String topic) {
    try (RedisLink link = RedisLink.start(settings, new SimpleMeterRegistry())) {
      new ChangeNudges(link).publish(topic, "-");
    }
  }

  /** Runs {@code handler} with the detail of each nudge on {@code topic} from another instance. */
  public void on(String topic, Consumer<String> handler) {
    handlers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(handler);
  }

  /** Tells the other instances that {@code topic} changed. */
  public void publish(String topic, String detail) {
    String message = origin + " " + topic + " " + (detail.isEmpty() ? "-" : detail);
    try {
      link.call("publish " + topic, jedis -> jedis.publish(channel, message));
    } catch (SharedUnavailable e) {
      link.fellBack(USE);
      LOG.info(
          "could not nudge the other instances ("
              + topic
              + " changed): they see it at their next poll");
    }
  }

  private void listen() {
    boolean first = true;
    while (!closed) {
      if (link.up()) {
        try (Jedis jedis = link.dedicatedConnection()) {
          connection = jedis;
          if (!closed) {
            jedis.subscribe(new Subscriber(first), channel);
          }
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "the nudge subscription broke; subscribing again", e);
        } finally {
          connection = null;
        }
        first = false;
      }
      try {
        Thread.sleep(RETRY);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void dropConnection() {
    Jedis jedis = connection;
    if (jedis != null) {
      try {
        jedis.close();
      } catch (RuntimeException e) {
        // already broken: the listener subscribes again either way
      }
    }
  }

  private void deliver(String topic, String detail) {
    for (Consumer<String> handler : handlers.getOrDefault(topic, List.of())) {
      try {
        handler.accept(detail);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "refreshing " + topic + " after a nudge failed", e);
      }
    }
  }

  /** Receives nudges; after a break, first runs every handler for what may have been missed. */
  private final class Subscriber extends JedisPubSub {
    private final boolean first;

    Subscriber(boolean first) {
      this.first = first;
    }

    @Override
    public void onSubscribe(String subscribed, int count) {
      if (!first) {
        handlers.keySet().forEach(topic -> deliver(topic, "-"));
      }
    }

    @Override
    public void onMessage(String from, String message) {
      String[] parts = message.split(" ", 3);
      if (parts.length == 3 && !parts[0].equals(origin)) {
        deliver(parts[1], parts[2]);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    dropConnection();
    listener.interrupt();
  }
}
