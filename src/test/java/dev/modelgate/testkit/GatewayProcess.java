package dev.modelgate.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code modelgate serve --config FILE} in a child JVM on the test's class path, as an operator
 * runs it: its port read from the line it prints, its output kept for assertions.
 */
public final class GatewayProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();

  private GatewayProcess(Process process) {
    this.process = process;
    Thread.ofVirtual().name("gateway-output").start(this::readOutput);
  }

  /** Starts {@code serve} with {@code config}, the JVM given {@code jvmOptions}, access log off. */
  public static GatewayProcess start(Path config, String... jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.modelgate.Main",
            "serve",
            "--config",
            config.toString(),
            "--access-log",
            "none"));
    try {
      return new GatewayProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The API port, once the gateway says it listens (a busy machine may take a while). */
  public int port() {
    try {
      return port.get(90, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the gateway did not start: " + String.join("\n", output), e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public Process process() {
    return process;
  }

  /** Every line the process printed so far. */
  public List<String> output() {
    return List.copyOf(output);
  }

  private void readOutput() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        output.add(line);
        Matcher listening = LISTENING.matcher(line);
        if (listening.find()) {
          port.complete(Integer.parseInt(listening.group(1)));
        }
      }
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
    port.completeExceptionally(new AssertionError("the gateway stopped: " + output));
  }

  /** Stops it at once (the tests that need a graceful stop send SIGTERM themselves). */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
