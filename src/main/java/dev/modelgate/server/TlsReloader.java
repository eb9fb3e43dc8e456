package dev.modelgate.server;

import io.helidon.webserver.WebServer;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Swaps the listener's TLS when its certificate or key files change, without a restart: polls their
 * contents (file-system events miss the symlink swaps of Kubernetes secrets), waits until the files
 * have stayed the same for one interval (a renewal writes cert and key one after the other), then
 * hands Helidon the new context. New handshakes get the new certificate; open connections keep
 * theirs. Files that do not parse keep the old certificate and are logged.
 */
final class TlsReloader implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TlsReloader.class.getName());

  private final Duration interval;
  private final Consumer<io.helidon.common.tls.Tls> install;
  private final Thread thread;
  private final TlsFiles loaded;
  private volatile boolean running = true;

  TlsReloader(TlsFiles loaded, WebServer server, Duration interval) {
    this.loaded = loaded;
    this.interval = interval;
    this.install = server::reloadTls;
    this.thread = Thread.ofVirtual().name("modelgate-tls-reloader").start(this::run);
  }

  private void run() {
    TlsFiles installed = loaded;
    TlsFiles lastSeen = loaded;
    TlsFiles refused = null;
    while (running) {
      try {
        Thread.sleep(interval);
        TlsFiles seen = TlsFiles.read(installed.settings());
        boolean stable = seen.sameAs(lastSeen);
        lastSeen = seen;
        if (!stable || seen.sameAs(installed) || (refused != null && seen.sameAs(refused))) {
          continue;
        }
        try {
          install.accept(seen.tls());
          installed = seen;
          LOG.info("TLS certificate reloaded from " + seen.settings().cert());
        } catch (RuntimeException e) {
          refused = seen;
          LOG.log(Level.WARNING, "TLS files changed but cannot be used; keeping the old ones", e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // A file missing for a moment (mid-rename): look again next interval.
        LOG.log(Level.FINE, "cannot read the TLS files", e);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
