package dev.modelgate.route;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the active health checks of the installed configuration, each on its own virtual thread.
 * Health state belongs to the upstream's name and outlives configuration reloads, so a reload
 * neither forgets that an upstream is down nor pulls a healthy one out.
 */
public final class HealthMonitor implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HealthMonitor.class.getName());

  private final Map<String, TargetHealth> health = new ConcurrentHashMap<>();
  private final Clock clock;
  private final List<Thread> running = new ArrayList<>();

  public HealthMonitor(Clock clock) {
    this.clock = clock;
  }

  /** The health of an upstream that has a check (created on first use). */
  public TargetHealth healthOf(String upstream) {
    return health.computeIfAbsent(upstream, name -> TargetHealth.checked());
  }

  /** Replaces the running checks with these; state of upstreams no longer checked is dropped. */
  public synchronized void watch(List<HealthCheck> checks) {
    stopAll();
    health.keySet().retainAll(checks.stream().map(HealthCheck::upstream).toList());
    for (HealthCheck check : checks) {
      TargetHealth target = healthOf(check.upstream());
      running.add(
          Thread.ofVirtual()
              .name("modelgate-health-" + check.upstream())
              .start(() -> loop(check, target)));
    }
  }

  /** Runs one check now and records its result (the loop's step; tests call it directly). */
  public void checkOnce(HealthCheck check, TargetHealth target, int[] passesInARow) {
    try {
      check.probe().check();
      passesInARow[0]++;
      boolean wasInRotation = target.inRotation();
      target.passed(clock.instant(), check.healthyAfter(), passesInARow[0]);
      if (!wasInRotation && target.inRotation()) {
        LOG.log(Level.INFO, "upstream {0} passed its health check again", check.upstream());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      passesInARow[0] = 0;
      boolean wasInRotation = target.inRotation();
      target.failed(clock.instant(), check.unhealthyAfter(), describe(e));
      if (wasInRotation && !target.inRotation()) {
        LOG.log(
            Level.WARNING,
            "upstream {0} failed its health check: {1}",
            new Object[] {check.upstream(), describe(e)});
      }
    }
  }

  private void loop(HealthCheck check, TargetHealth target) {
    int[] passes = {0};
    while (!Thread.currentThread().isInterrupted()) {
      checkOnce(check, target, passes);
      try {
        Thread.sleep(check.interval());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private void stopAll() {
    running.forEach(Thread::interrupt);
    running.clear();
  }

  @Override
  public synchronized void close() {
    stopAll();
  }
}
