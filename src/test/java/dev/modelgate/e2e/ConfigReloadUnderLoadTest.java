package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Rewriting the configuration file while clients send requests loses none of them. */
class ConfigReloadUnderLoadTest {
  private static final String BODY =
      "{\"model\":\"%s\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @Test
  void reloadsUnderLoadWithoutFailingARequestAndKeepsTheOldSnapshotOnABadFile() throws Exception {
    try (FakeUpstream upstream = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
        TestGateway gateway =
            TestGateway.start(OpenAiSdkEndToEndTest.config(upstream.baseUrl(), ""))) {
      String newRoute =
          "  - model: gpt-new\n    targets:\n      - upstream: fake\n        model: upstream-new\n";
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger ok = new AtomicInteger();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        boolean stream = i % 2 == 0;
        clients.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      while (running.get()) {
                        HttpProbe.Result result =
                            HttpProbe.post(
                                gateway.baseUrl() + "/v1/chat/completions",
                                TestGateway.KEY,
                                BODY.formatted("gpt-test", stream));
                        boolean complete =
                            result.status() == 200
                                && (!stream || result.events().contains("[DONE]"));
                        if (complete) {
                          ok.incrementAndGet();
                        } else {
                          failures.add(result.status() + " " + result.body());
                        }
                      }
                    }));
      }
      for (int round = 0; round < 6; round++) {
        Thread.sleep(250);
        gateway.rewrite(
            OpenAiSdkEndToEndTest.config(upstream.baseUrl(), round % 2 == 0 ? newRoute : ""));
      }
      Thread.sleep(250);
      gateway.rewrite("routes: [ this is : not valid");
      Await.until(
          () -> String.valueOf(gateway.gateway().watcher().lastError()).contains("not valid YAML"),
          "the bad YAML to be refused");
      gateway.rewrite(
          OpenAiSdkEndToEndTest.config(upstream.baseUrl(), newRoute)
              .replace("first_byte: 1s", "first_byte: 1x"));
      Await.until(
          () ->
              String.valueOf(gateway.gateway().watcher().lastError())
                  .contains("upstreams[0].timeouts.first_byte"),
          "the bad duration to be refused");
      gateway.rewrite(OpenAiSdkEndToEndTest.config(upstream.baseUrl(), newRoute));
      Thread.sleep(400);
      running.set(false);
      for (Thread client : clients) {
        client.join(Duration.ofSeconds(10));
      }
      assertThat(failures).as("requests that failed during reloads").isEmpty();
      assertThat(ok.get()).as("requests served during reloads").isGreaterThan(50);
      assertThat(gateway.gateway().watcher().lastError()).isNull();
      HttpProbe.Result added =
          HttpProbe.post(
              gateway.baseUrl() + "/v1/chat/completions",
              TestGateway.KEY,
              BODY.formatted("gpt-new", false));
      assertThat(added.status()).isEqualTo(200);
      assertThat(upstream.lastRequest().bodyText()).contains("\"model\":\"upstream-new\"");
    }
  }
}
