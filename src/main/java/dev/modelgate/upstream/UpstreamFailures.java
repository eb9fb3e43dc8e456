package dev.modelgate.upstream;

import dev.modelgate.error.GatewayException;
import dev.modelgate.error.TargetUnavailable;
import dev.modelgate.error.UpstreamTimeout;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Maps transport failures to gateway errors; no {@code IOException} leaves the upstream package.
 */
final class UpstreamFailures {
  private UpstreamFailures() {}

  static GatewayException map(
      Throwable failure, String target, boolean watchdogExpired, boolean started) {
    Throwable cause = unwrap(failure);
    boolean before = !started;
    if (watchdogExpired) {
      return new UpstreamTimeout(
          (started
              ? "Upstream " + target + " stopped sending (idle timeout)"
              : "Upstream " + target + " did not answer in time (first byte timeout)"),
          before);
    }
    if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
      return new UpstreamTimeout(
          "Upstream " + target + " timed out: " + cause.getMessage(), before);
    }
    if (cause instanceof ConnectException
        || cause instanceof UnknownHostException
        || cause instanceof UnresolvedAddressException
        || cause instanceof NoRouteToHostException) {
      return new TargetUnavailable(
          "Upstream " + target + " is unreachable: " + describe(cause), cause, true);
    }
    if (cause instanceof SSLException) {
      return new TargetUnavailable(
          "TLS with upstream " + target + " failed: " + describe(cause), cause, before);
    }
    return new TargetUnavailable(
        "Connection to upstream " + target + " failed: " + describe(cause), cause, before);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof ExecutionException || t.getClass() == RuntimeException.class)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }

  /**
   * Reads a response body, moving the watchdog's idle deadline on progress; -1 at the end. Every
   * failure, checked or not (Jetty reports some protocol faults unchecked), becomes a gateway
   * error.
   */
  static int readBody(
      java.io.InputStream body,
      byte[] buffer,
      int offset,
      int length,
      UpstreamWatchdog.Watched watch,
      String target) {
    try {
      int n = body.read(buffer, offset, length);
      if (n >= 0) {
        watch.activity();
      }
      return n;
    } catch (GatewayException e) {
      throw e;
    } catch (java.io.IOException | RuntimeException e) {
      throw map(e, target, watch.expired(), true);
    }
  }
}
