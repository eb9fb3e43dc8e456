package dev.modelgate.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The gateway's own meter registry, scraped in Prometheus' text format at {@code /metrics}. One per
 * gateway (not Micrometer's global registry), so several gateways in one JVM (tests) keep apart.
 */
public final class Metrics implements AutoCloseable {
  /** The content type of {@link #scrape()}: Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final boolean enabled;

  /** The registry with the JVM's meters bound: memory, GC, threads, classes, CPU, uptime. */
  public Metrics() {
    this(true);
  }

  /**
   * Switched off, every meter registered is a no-op (the registry denies them all), so recording
   * costs next to nothing, and there is nothing to scrape.
   */
  public Metrics(boolean enabled) {
    this.enabled = enabled;
    if (!enabled) {
      registry.config().meterFilter(MeterFilter.deny());
      return;
    }
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Whether meters record and {@code /metrics} is served. */
  public boolean enabled() {
    return enabled;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter, in Prometheus' text format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
