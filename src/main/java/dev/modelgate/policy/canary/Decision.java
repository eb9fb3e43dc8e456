package dev.modelgate.policy.canary;

import java.time.Instant;

/**
 * One change of a rollout's stage or status, and why: {@code by} is {@code auto} for the gateway's
 * own decisions, {@code admin} for those made by hand.
 */
public record Decision(
    Instant at, String action, double fromPercent, double toPercent, String reason, String by) {}
