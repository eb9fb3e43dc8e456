import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.jetty.client.BytesRequestContent;

/**
 * The stack's floor: Helidon SE and Apache HttpClient with nothing of the gateway between them.
 * POST /v1/chat/completions in mode {@code serve} reads the body and answers a fixed
 * chat.completion (the gateway's echo path without the gateway); in mode {@code relay} it sends the
 * body to the upstream through an Apache HttpClient pool configured as the gateway's, and copies
 * the answer back (the relay without the gateway); {@code relay-jetty} and {@code relay-helidon} do
 * the same with Jetty's client on virtual threads and with Helidon's own HTTP/1.1 client. Run with
 * the gateway's jar and helidon-webclient-http1 (with its two siblings) on the class path:
 *   java -cp target/modelgate.jar:WEBCLIENT_JARS bench/floor/Floor.java PORT UPSTREAM_URL MODE
 */
public final class Floor {
  private static final byte[] ANSWER =
      ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
              + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
              + "\"content\":\"Hello! This is a benchmark answer of a typical short length.\"},"
              + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,"
              + "\"completion_tokens\":14,\"total_tokens\":26}}")
          .getBytes(StandardCharsets.UTF_8);

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String upstream = args[1];
    String mode = args[2];
    CloseableHttpClient http =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnPerRoute(1024)
                    .setMaxConnTotal(4096)
                    .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
                    .setConnPoolPolicy(PoolReusePolicy.LIFO)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom().setSocketTimeout(Timeout.DISABLED).build())
                    .build())
            .disableConnectionState()
            .disableAutomaticRetries()
            .build();
    org.eclipse.jetty.client.HttpClient jetty = new org.eclipse.jetty.client.HttpClient();
    jetty.setExecutor(new org.eclipse.jetty.util.thread.VirtualThreadPool());
    jetty.setMaxConnectionsPerDestination(1024);
    jetty.start();
    Http1Client helidon = Http1Client.builder().baseUri(upstream).build();
    WebServer.builder()
        .host("127.0.0.1")
        .port(port)
        .connectionOptions(options -> options.tcpNoDelay(true))
        .routing(
            routing ->
                routing.post(
                    "/v1/chat/completions",
                    (req, res) -> {
                      byte[] body;
                      try (InputStream in = req.content().inputStream()) {
                        body = in.readAllBytes();
                      }
                      byte[] answer =
                          switch (mode) {
                            case "serve" -> ANSWER;
                            case "relay" -> {
                              HttpPost post = new HttpPost(upstream);
                              post.setEntity(
                                  new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
                              yield http.execute(
                                  post, response -> response.getEntity().getContent().readAllBytes());
                            }
                            case "relay-jetty" ->
                                jetty
                                    .POST(upstream)
                                    .body(new BytesRequestContent("application/json", body))
                                    .send()
                                    .getContent();
                            case "relay-helidon" -> {
                              try (var response =
                                  helidon
                                      .post()
                                      .header(HeaderNames.CONTENT_TYPE, "application/json")
                                      .submit(body)) {
                                yield response.entity().as(byte[].class);
                              }
                            }
                            default -> throw new IllegalArgumentException(mode);
                          };
                      res.header(HeaderNames.CONTENT_TYPE, "application/json");
                      res.send(answer);
                    }))
        .build()
        .start();
    System.out.println("floor listening on " + port);
    Thread.currentThread().join();
  }
}
