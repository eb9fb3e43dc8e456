package dev.modelgate.usage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Posts a JSON alert to the configured webhook when a call's spend carries a subject across a
 * threshold of a limit (from below it to at or above it). Spend only grows within a period, so each
 * threshold is crossed once per period; the ledger's atomic add makes that hold across a fleet
 * sharing one. Sent on a virtual thread (a call never waits for it), tried up to three times.
 */
public final class BudgetAlerts {
  private static final Logger LOG = Logger.getLogger(BudgetAlerts.class.getName());
  private static final int TRIES = 3;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Clock clock;

  public BudgetAlerts(Clock clock) {
    this.clock = clock;
  }

  /** Alerts for each threshold of {@code limit} that the move from before to after crossed. */
  void check(
      BudgetSettings.Alerts alerts,
      BudgetLimit limit,
      Spend before,
      Spend after,
      Instant at,
      String currency) {
    BigDecimal was = limit.amount(before);
    BigDecimal now = limit.amount(after);
    for (BigDecimal threshold : alerts.thresholds()) {
      BigDecimal level = limit.limit().multiply(threshold);
      if (was.compareTo(level) < 0 && now.compareTo(level) >= 0) {
        ObjectNode body = payload(limit, threshold, now, at, currency);
        Thread.ofVirtual().name("modelgate-budget-alert").start(() -> post(alerts, body));
      }
    }
  }

  private ObjectNode payload(
      BudgetLimit limit, BigDecimal threshold, BigDecimal spent, Instant at, String currency) {
    ObjectNode body = Json.object().put("type", "budget.threshold");
    body.putObject("subject")
        .put("kind", limit.subject().kind().lowerName())
        .put("id", limit.subject().id());
    body.put("period", limit.period().lowerName());
    body.put("period_start", limit.period().start(at).toString());
    body.put("metric", limit.metric().name().toLowerCase(java.util.Locale.ROOT));
    body.put("threshold", threshold);
    body.put("limit", limit.limit().toPlainString());
    body.put("spent", spent.toPlainString());
    if (limit.metric() == BudgetLimit.Metric.COST) {
      body.put("currency", currency);
    }
    body.put("at", clock.instant().toString());
    return body;
  }

  private void post(BudgetSettings.Alerts alerts, ObjectNode body) {
    HttpRequest request =
        HttpRequest.newBuilder(alerts.webhook())
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
            .build();
    for (int attempt = 1; attempt <= TRIES; attempt++) {
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status < 300) {
          return;
        }
        LOG.warning("budget alert webhook answered " + status);
      } catch (java.io.IOException e) {
        LOG.log(Level.WARNING, "budget alert webhook failed: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Thread.sleep(Duration.ofSeconds(attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
