package dev.modelgate.bench;

import dev.modelgate.auth.ApiKeys;
import dev.modelgate.codec.RelayScan;
import dev.modelgate.codec.RequestScan;
import dev.modelgate.model.Operation;
import dev.modelgate.store.UsageRecord;
import dev.modelgate.usage.UsageRecordJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-call pieces of a relayed chat call that run on the gateway's own code, each alone: the
 * request scan, the reply scan, the key digest and the usage record's JSON. The load benchmark
 * (bench/load) sees them only as shares of a noisy whole; here a change to one shows in
 * nanoseconds. Run with {@code bench/micro/run.sh}; not part of the test run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmark {
  /** The load benchmark's request (bench/load/post.lua). */
  private static final byte[] REQUEST =
      ("{\"model\":\"bench\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful"
              + " assistant.\"},{\"role\":\"user\",\"content\":\"Say hello in one short sentence.\"}],"
              + "\"temperature\":0.2,\"max_tokens\":64}")
          .getBytes(StandardCharsets.UTF_8);

  /** The load benchmark's upstream answer (bench/load/run.sh's nginx). */
  private static final byte[] REPLY =
      ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
              + "\"model\":\"bench-upstream\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
              + "\"assistant\",\"content\":\"Hello! This is a benchmark answer of a typical short"
              + " length.\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{"
              + "\"prompt_tokens\":12,\"completion_tokens\":14,\"total_tokens\":26}}")
          .getBytes(StandardCharsets.UTF_8);

  private static final String KEY = "mg-0123456789abcdef0123456789abcdef0123456789abcdef";

  private static final UsageRecord RECORD =
      new UsageRecord(
          "0193a5c2-7e1f-7c3a-9d2e-5f4b3a2c1d0e",
          "req_be2f38f68c080a64c0850b43ee70df34",
          Instant.parse("2026-12-07T22:24:37.845Z"),
          "bf831b52ac48",
          "bench",
          "search",
          "alice@example.com",
          "bench",
          "nginx/bench-upstream",
          "openai",
          "chat",
          false,
          12,
          14,
          0,
          new BigDecimal("0.000026000"),
          "USD",
          1,
          1,
          200,
          null,
          null,
          false,
          false);

  @Benchmark
  public Object requestScan() {
    return RequestScan.scan(REQUEST, Operation.CHAT);
  }

  @Benchmark
  public Object replyScan() {
    return RelayScan.fields(REPLY);
  }

  @Benchmark
  public Object keyDigest() {
    return ApiKeys.hash(KEY);
  }

  @Benchmark
  public Object usageRecordJson() {
    return UsageRecordJson.bytes(RECORD);
  }
}
