package dev.modelgate.observe.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One span of a request while the request runs: times from {@link System#nanoTime}, attributes
 * appended as they come. It becomes a {@link RecordedSpan} only when someone needs it (an export,
 * the admin API), so the nine in ten requests that are neither sampled nor read cost a few small
 * objects and no hashing, id formatting or attribute map.
 */
final class SpanRecord {
  private final String name;
  private final @Nullable String detail;
  final SpanKind kind;
  final long spanId;
  final long start;
  long end;
  long firstToken = -1;
  StatusData status = StatusData.unset();
  private Object[] attributes;
  private int size;

  /**
   * A span named {@code name}, or {@code name + " " + detail} when {@code detail} is given (joined
   * only if the span is read), with room for {@code capacity} attributes before it grows.
   */
  SpanRecord(
      String name, @Nullable String detail, SpanKind kind, long spanId, long start, int capacity) {
    this.name = name;
    this.detail = detail;
    this.kind = kind;
    this.spanId = spanId;
    this.start = start;
    this.attributes = new Object[capacity * 2];
  }

  String name() {
    return detail == null ? name : name + " " + detail;
  }

  <T> SpanRecord put(AttributeKey<T> key, T value) {
    return append(key, value);
  }

  /** A string attribute whose text is {@code value.toString()}, made only if the span is read. */
  SpanRecord describe(AttributeKey<String> key, Object value) {
    return append(key, value);
  }

  private SpanRecord append(AttributeKey<?> key, Object value) {
    if (size == attributes.length) {
      attributes = Arrays.copyOf(attributes, Math.max(4, size * 2));
    }
    attributes[size++] = key;
    attributes[size++] = value;
    return this;
  }

  /** Ends the span now unless it has ended; a failure marks it and names its type. */
  void end(@Nullable String failure) {
    if (end != 0) {
      return;
    }
    end = System.nanoTime();
    if (failure != null) {
      status = StatusData.create(StatusCode.ERROR, failure);
      put(GenAiAttributes.ERROR_TYPE, failure);
    }
  }

  /** The attributes as OpenTelemetry keeps them: sorted, a key set twice keeps its last value. */
  @SuppressWarnings("unchecked")
  Attributes attributes() {
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i < size; i += 2) {
      AttributeKey<Object> key = (AttributeKey<Object>) attributes[i];
      Object value = attributes[i + 1];
      builder.put(key, key.getType() == AttributeType.STRING ? value.toString() : value);
    }
    return builder.build();
  }

  @SuppressWarnings("unchecked")
  <T> @Nullable T attribute(AttributeKey<T> key) {
    for (int i = size - 2; i >= 0; i -= 2) {
      if (attributes[i].equals(key)) {
        Object value = attributes[i + 1];
        return (T) (key.getType() == AttributeType.STRING ? value.toString() : value);
      }
    }
    return null;
  }
}
