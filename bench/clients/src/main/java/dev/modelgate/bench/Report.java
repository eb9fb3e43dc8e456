package dev.modelgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns the RESULT lines collected by run.sh into Markdown tables. */
final class Report {

    private Report() {
    }

    static void main(String[] args) throws Exception {
        List<String[]> rps = new ArrayList<>();
        List<String[]> stream = new ArrayList<>();
        List<String[]> slow = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.startsWith("RESULT\t")) {
                continue;
            }
            String[] f = line.split("\t");
            switch (f[1]) {
                case "rps" -> rps.add(f);
                case "stream" -> stream.add(f);
                case "slowreader" -> slow.add(f);
                default -> { }
            }
        }
        if (!rps.isEmpty()) {
            System.out.println("### Non-streaming: POST /v1/chat/completions, 450 B JSON response, closed loop");
            System.out.println();
            System.out.println("| client | concurrency | req/s | p50 µs | p99 µs | p99.9 µs | client CPU µs/req "
                    + "| client CPU % | upstream CPU µs/req | upstream CPU % | alloc KiB/req | errors "
                    + "| upstream reads/req | other load (cores) |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (String[] f : rps) {
                List<String> cells = new ArrayList<>(List.of(f).subList(2, 4));
                cells.addAll(List.of(f).subList(5, Math.min(f.length, 17)));
                System.out.println("| " + String.join(" | ", cells) + " |");
            }
            System.out.println();
        }
        if (!stream.isEmpty()) {
            System.out.println("### Streaming: SSE over chunked HTTP/1.1, concurrent streams (chunks and gap as run)");
            System.out.println();
            System.out.println("| client | streams in flight | streams done | chunks/s | TTFB p50 µs | TTFB p99 µs "
                    + "| chunk delay p50 µs | chunk delay p99 µs | chunk delay p99.9 µs | client CPU µs/chunk "
                    + "| client CPU % | upstream CPU % | errors | other load (cores) |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (String[] f : stream) {
                System.out.println("| " + String.join(" | ", List.of(f).subList(2, Math.min(f.length, 16))) + " |");
            }
            System.out.println();
        }
        if (!slow.isEmpty()) {
            System.out.println("### Slow reader: read 1 byte of a large body, pause, ask the upstream how much it wrote");
            System.out.println();
            System.out.println("| client | body MiB | MiB written by upstream while the reader paused | pause ms |");
            System.out.println("|---|---:|---:|---:|");
            for (String[] f : slow) {
                System.out.println("| " + f[2] + " | " + f[4] + " | " + f[5] + " | " + f[6] + " |");
            }
            System.out.println();
        }
    }
}
