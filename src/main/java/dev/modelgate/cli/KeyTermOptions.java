package dev.modelgate.cli;

import dev.modelgate.auth.KeyLimits;
import dev.modelgate.config.Durations;
import dev.modelgate.store.VirtualKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** What a key may do, as options; on update only the options given change the key. */
final class KeyTermOptions {
  @Option(names = "--owner", description = "Who the key belongs to.")
  @Nullable String owner;

  @Option(names = "--team", description = "The team the key belongs to.")
  @Nullable String team;

  @Option(
      names = "--model",
      description = "A model it may use, or a prefix ending in * (repeat; default: every model).")
  @Nullable List<String> models;

  @Option(
      names = "--ip",
      description = "An address or CIDR block it may be used from, IPv4 or IPv6 (repeat).")
  @Nullable List<String> ips;

  @Option(names = "--any-ip", description = "Update: drop the IP allowlist.")
  boolean anyIp;

  @Option(names = "--expires-at", description = "When it stops working (ISO-8601, UTC).")
  @Nullable Instant expiresAt;

  @Option(names = "--expires-in", description = "When it stops working, from now (30d, 12h).")
  @Nullable String expiresIn;

  @Option(names = "--no-expiry", description = "Update: the key never expires.")
  boolean noExpiry;

  @Option(names = "--rpm", description = "Requests per minute (a rate limit of the key).")
  @Nullable Integer rpm;

  @Option(names = "--tpm", description = "Tokens per minute (a rate limit of the key).")
  @Nullable Long tpm;

  @Option(names = "--budget-usd", description = "Spend cap in US dollars (not enforced yet).")
  @Nullable BigDecimal budgetUsd;

  @Option(
      names = "--budget-period",
      description = "daily, weekly, monthly or total (not enforced yet).")
  @Nullable String budgetPeriod;

  /** The options given, applied over {@code terms}; {@code name} replaces the name when given. */
  UnaryOperator<VirtualKey.KeyDraft> changes(@Nullable String name, Instant now) {
    Instant expiry = expiresIn != null ? now.plus(Durations.parse(expiresIn)) : expiresAt;
    return terms -> {
      KeyLimits limits = terms.limits();
      return new VirtualKey.KeyDraft(
          name != null ? name : terms.name(),
          owner != null ? owner : terms.owner(),
          team != null ? team : terms.team(),
          models != null ? models : terms.models(),
          anyIp ? List.of() : ips != null ? ips : terms.ipAllowlist(),
          noExpiry ? null : expiry != null ? expiry : terms.expiresAt(),
          new KeyLimits(
              rpm != null ? rpm : limits.rpm(),
              tpm != null ? tpm : limits.tpm(),
              budgetUsd != null ? budgetUsd : limits.budgetUsd(),
              budgetPeriod != null ? budgetPeriod : limits.budgetPeriod()));
    };
  }
}
