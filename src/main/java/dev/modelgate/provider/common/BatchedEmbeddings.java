package dev.modelgate.provider.common;

import dev.modelgate.codec.OpenAiRequestCodec;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.Internal;
import dev.modelgate.model.EmbeddingRequest;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.provider.spi.ProviderAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * An adapter whose upstream takes a limited number of embedding inputs per request: a larger batch
 * is split, the parts are sent a few at a time, and the answers are joined back in input order with
 * their usage summed. Other calls pass straight through.
 */
public final class BatchedEmbeddings implements ProviderAdapter {
  /** Parts of one batch in flight at once: fast, without hammering one upstream's rate limit. */
  private static final int PARALLEL_PARTS = 4;

  private final ProviderAdapter inner;
  private final int limit;

  private BatchedEmbeddings(ProviderAdapter inner, int limit) {
    this.inner = inner;
    this.limit = limit;
  }

  /**
   * The adapter, splitting embedding batches over {@code configured} inputs (or the provider's own
   * limit when none is configured).
   */
  public static ProviderAdapter wrap(ProviderAdapter adapter, @Nullable Integer configured) {
    int limit = configured != null ? configured : adapter.maxEmbeddingBatch();
    if (!adapter.capabilities().supports(Operation.EMBEDDING) || limit == Integer.MAX_VALUE) {
      return adapter;
    }
    return new BatchedEmbeddings(adapter, limit);
  }

  @Override
  public Capabilities capabilities() {
    return inner.capabilities();
  }

  @Override
  public String providerName() {
    return inner.providerName();
  }

  @Override
  public int maxEmbeddingBatch() {
    return limit;
  }

  @Override
  public Reply send(Invocation invocation) {
    InboundRequest request = invocation.request();
    if (request.operation() != Operation.EMBEDDING
        || !(request.canonical() instanceof EmbeddingRequest embedding)
        || embedding.inputs().size() <= limit) {
      return inner.send(invocation);
    }
    List<Invocation> parts = new ArrayList<>();
    for (int from = 0; from < embedding.inputs().size(); from += limit) {
      List<String> inputs =
          embedding.inputs().subList(from, Math.min(from + limit, embedding.inputs().size()));
      parts.add(part(invocation, embedding, inputs));
    }
    return new Reply.Complete(EmbeddingJoin.join(sendAll(parts), invocation.publicModel()));
  }

  private static Invocation part(
      Invocation whole, EmbeddingRequest embedding, List<String> inputs) {
    EmbeddingRequest sub =
        new EmbeddingRequest(
            embedding.model(),
            inputs,
            embedding.encodingFormat(),
            embedding.dimensions(),
            embedding.extensions());
    InboundRequest original = whole.request();
    InboundRequest request =
        new InboundRequest(
            original.protocol(),
            Operation.EMBEDDING,
            OpenAiRequestCodec.encodeEmbedding(sub),
            original.model(),
            false,
            false,
            original.topLevelKeys(),
            body -> sub,
            -1,
            -1);
    return new Invocation(request, whole.publicModel(), whole.upstreamModel(), whole.timeouts());
  }

  private List<ResponseBody> sendAll(List<Invocation> parts) {
    Semaphore slots = new Semaphore(PARALLEL_PARTS);
    List<Future<ResponseBody>> answers = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Invocation part : parts) {
        answers.add(executor.submit(() -> sendPart(part, slots)));
      }
      List<ResponseBody> bodies = new ArrayList<>();
      for (Future<ResponseBody> answer : answers) {
        bodies.add(await(answer, answers));
      }
      return bodies;
    }
  }

  private ResponseBody sendPart(Invocation part, Semaphore slots) throws InterruptedException {
    slots.acquire();
    try {
      if (inner.send(part) instanceof Reply.Complete complete) {
        return complete.body();
      }
      throw new Internal("an embeddings upstream answered with a stream", null);
    } finally {
      slots.release();
    }
  }

  private static ResponseBody await(Future<ResponseBody> answer, List<Future<ResponseBody>> all) {
    try {
      return answer.get();
    } catch (ExecutionException e) {
      all.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof GatewayException failure) {
        throw failure;
      }
      throw new Internal("an embeddings part failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      all.forEach(f -> f.cancel(true));
      throw new Internal("interrupted while joining embeddings", e);
    }
  }
}
