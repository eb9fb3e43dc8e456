package dev.modelgate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Reloads the configuration file when its content changes: load, validate, compile, then swap. A
 * bad file keeps the running snapshot and logs why. Polls (every second by default) instead of
 * relying on file-system events, which miss the symlink swaps Kubernetes uses for mounted
 * ConfigMaps. A change is applied once the file has stayed the same for one interval.
 */
public final class ConfigWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());

  private final Path file;
  private final Function<String, @Nullable String> env;
  private final RuntimeHolder holder;
  private final RuntimeCompiler compiler;
  private final ClientCache clients;
  private final Duration interval;
  private final Thread thread;
  private final BiConsumer<GatewayConfig, GatewayConfig> gate;
  private final Consumer<String> applied;
  private byte[] lastContent;
  private byte @Nullable [] pending;
  private volatile boolean running = true;
  private volatile @Nullable String lastError;

  /**
   * A watcher that, after each reload it applies, tells {@code applied} the SHA-256 (hex) of the
   * content now in force (the gateway nudges the other instances with it). {@code gate} sees the
   * configuration in force and the compiled next one before the swap; what it throws refuses the
   * reload.
   */
  public ConfigWatcher(
      Path file,
      byte[] loadedContent,
      Function<String, @Nullable String> env,
      RuntimeHolder holder,
      RuntimeCompiler compiler,
      ClientCache clients,
      Duration interval,
      BiConsumer<GatewayConfig, GatewayConfig> gate,
      Consumer<String> applied) {
    this.gate = gate;
    this.applied = applied;
    this.file = file;
    this.lastContent = loadedContent;
    this.env = env;
    this.holder = holder;
    this.compiler = compiler;
    this.clients = clients;
    this.interval = interval;
    this.thread = Thread.ofVirtual().name("modelgate-config-watcher").start(this::run);
  }

  /** Why the latest reload was refused, or null when the file in force is the file on disk. */
  public @Nullable String lastError() {
    return lastError;
  }

  private void run() {
    while (running) {
      try {
        Thread.sleep(interval);
        checkOnce();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Another instance applied content with this SHA-256 ({@code "-"}: unknown): when this file holds
   * the same content it is applied now, without waiting for it to settle (it settled there).
   */
  public synchronized void nudged(String sha256) {
    try {
      byte[] content = Files.readAllBytes(file);
      if (sha256.equals(sha256(content)) && !Arrays.equals(content, lastContent)) {
        pending = content;
      }
    } catch (IOException e) {
      // the next poll reports it
    }
    checkOnce();
  }

  /** Reloads if the file changed and settled; true when a new snapshot was installed. */
  public synchronized boolean checkOnce() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      report(file + ": cannot read, keeping the running configuration: " + e.getMessage());
      return false;
    }
    if (Arrays.equals(content, lastContent)) {
      pending = null;
      return false;
    }
    if (pending == null || !Arrays.equals(content, pending)) {
      // Editors and config tools often write in several steps; apply only content that stayed the
      // same for one whole interval, never a half-written file.
      pending = content;
      return false;
    }
    pending = null;
    lastContent = content;
    try {
      GatewayConfig config = ConfigLoader.parse(content, env, holder.get().config().dataDir());
      Runtime next = compiler.compile(config, file.toString());
      gate.accept(holder.get().config(), config);
      holder.swap(next);
      clients.retainOnly(next.clientsInUse());
      lastError = null;
      applied.accept(sha256(content));
      LOG.info(
          () -> "configuration reloaded from " + file + ": " + config.routes().size() + " routes");
      return true;
    } catch (ConfigException e) {
      report(
          "configuration in "
              + file
              + " refused, keeping the running one:\n  "
              + String.join("\n  ", e.problems()));
      return false;
    } catch (RuntimeException e) {
      report("configuration in " + file + " could not be applied, keeping the running one: " + e);
      return false;
    }
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private void report(String message) {
    lastError = message;
    LOG.log(Level.WARNING, message);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
