package dev.modelgate;

import dev.modelgate.cli.ModelGateCommand;
import picocli.CommandLine;

/** Entry point: hands the arguments to the command line. */
public final class Main {
  static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

  private Main() {}

  public static void main(String[] args) {
    System.setProperty(
        "java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
    atLeastTwoCarriers(Runtime.getRuntime().availableProcessors());
    int exit = new CommandLine(new ModelGateCommand()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /**
   * Runs virtual threads on at least two carrier threads, even with one CPU (a pod limited to one
   * core, a process pinned to one). With a single carrier, a virtual thread woken from outside the
   * scheduler (by a timer, or by the master poller) waits in the scheduler's shared queue, which
   * its one worker reads only when its own queue is empty; under sustained load that queue never
   * empties, and such requests waited seconds (up to the end of the load) behind the ones woken by
   * socket reads. A second carrier takes them when the first is busy. An explicit setting wins.
   * Must run before the first virtual thread starts: the scheduler reads it once.
   */
  static void atLeastTwoCarriers(int processors) {
    if (System.getProperty(CARRIERS) == null) {
      System.setProperty(CARRIERS, Integer.toString(Math.max(2, processors)));
    }
  }
}
