package dev.modelgate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
  private byte[] lastContent;
  private byte @Nullable [] pending;
  private volatile boolean running = true;
  private volatile @Nullable String lastError;

  public ConfigWatcher(
      Path file,
      byte[] loadedContent,
      Function<String, @Nullable String> env,
      RuntimeHolder holder,
      RuntimeCompiler compiler,
      ClientCache clients,
      Duration interval) {
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
      holder.swap(next);
      clients.retainOnly(next.clientsInUse());
      lastError = null;
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
