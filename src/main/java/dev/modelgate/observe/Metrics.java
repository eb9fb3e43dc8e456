package dev.modelgate.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The gateway's own meter registry, scraped in Prometheus' text format at {@code /metrics}. One per
 * gateway (not Micrometer's global registry), so several gateways in one JVM (tests) keep apart.
 */
public final class Metrics {
  /** The content type of {@link #scrape()}: Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter, in Prometheus' text format. */
  public String scrape() {
    return registry.scrape();
  }
}
