package dev.modelgate.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modelgate.codec.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/** A loopback HTTP server standing in for a key service; it records every request. */
final class KeyServiceFakes implements AutoCloseable {
  /** What the fake received: path, headers (lower-case names), JSON body. */
  record Received(String path, Map<String, String> headers, JsonNode body) {}

  /** The fake's answer: a status and a JSON body. */
  record Answer(int status, JsonNode body) {}

  private final HttpServer server;
  final List<Received> received = new CopyOnWriteArrayList<>();

  KeyServiceFakes(BiFunction<Received, KeyServiceFakes, Answer> handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Received request = read(exchange);
          received.add(request);
          Answer answer = handler.apply(request, this);
          byte[] bytes = Json.bytes(answer.body());
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer.status(), bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  private static Received read(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new java.util.TreeMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
    byte[] body = exchange.getRequestBody().readAllBytes();
    JsonNode json = body.length == 0 ? Json.object() : Json.parse(body);
    return new Received(exchange.getRequestURI().getPath(), headers, json);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static Answer ok(ObjectNode body) {
    return new Answer(200, body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
