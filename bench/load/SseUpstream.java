// A fast fake OpenAI upstream for load tests, run as a single-file program:
//   java SseUpstream.java PORT EVENTS GAP_MS
// Streaming requests ("stream":true) get EVENTS chat.completion.chunk events GAP_MS apart, then
// a usage chunk and [DONE]; other requests get one chat.completion. HTTP/1.1 keep-alive.
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;

public class SseUpstream {
  static final byte[] JSON = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
      + "\"model\":\"bench-upstream\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
      + "\"Hello! This is a benchmark answer of a typical short length.\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":14,\"total_tokens\":26}}").getBytes(StandardCharsets.UTF_8);

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    int events = Integer.parseInt(args[1]);
    long gap = Long.parseLong(args[2]);
    ServerSocket server = new ServerSocket(port, 4096, InetAddress.getLoopbackAddress());
    System.out.println("sse upstream on " + port);
    while (true) {
      Socket s = server.accept();
      s.setTcpNoDelay(true);
      Thread.ofVirtual().start(() -> serve(s, events, gap));
    }
  }

  static void serve(Socket s, int events, long gap) {
    try (s) {
      BufferedInputStream in = new BufferedInputStream(s.getInputStream(), 16384);
      OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16384);
      while (true) {
        int length = -1;
        String line;
        boolean any = false;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
          any = true;
          if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        if (!any) {
          return;
        }
        byte[] body = in.readNBytes(Math.max(length, 0));
        boolean stream = new String(body, StandardCharsets.UTF_8).contains("\"stream\":true");
        if (!stream) {
          out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + JSON.length + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          out.write(JSON);
          out.flush();
          continue;
        }
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (int i = 0; i < events; i++) {
          if (i > 0 && gap > 0) {
            Thread.sleep(gap);
          }
          chunk(out, "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
              + "\"model\":\"bench-upstream\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"token" + i
              + " \"},\"finish_reason\":null}]}\n\n");
        }
        chunk(out, "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"bench-upstream\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + events
            + ",\"total_tokens\":" + (12 + events) + "}}\n\n");
        chunk(out, "data: [DONE]\n\n");
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // client went away
    }
  }

  static void chunk(OutputStream out, String data) throws IOException {
    byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      sb.append((char) b);
    }
    return sb.isEmpty() ? null : sb.toString();
  }
}
