/**
 * OpenTelemetry tracing of API calls: the SDK set up from {@code observability.tracing}, one span
 * tree per request (server span, authentication, routing, policy decisions, each upstream attempt
 * with GenAI attributes), sampling that keeps errors, OTLP export and a bounded in-memory store of
 * recent traces for the admin API. Used by {@code server} and {@code config}; depends on {@code
 * chain}, {@code route}, {@code model}, {@code error} and {@code upstream} (its propagation key).
 */
@NullMarked
package dev.modelgate.observe.trace;

import org.jspecify.annotations.NullMarked;
