package dev.modelgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With one CPU the JDK gives virtual threads a single carrier, and a thread woken from outside the
 * scheduler waits until the carrier's own queue empties, which under load is never: measured in the
 * load benchmark as requests held for seconds. {@link Main} runs at least two carriers; a child JVM
 * limited to one CPU shows both.
 */
class CarrierStarvationTest {

  @Test
  void aTimerWokenThreadRunsPromptlyWithTheGatewaysCarriers() throws Exception {
    assertThat(wokeAfterMillis("gateway")).isLessThan(1000);
  }

  @Test
  void withTheJdksSingleCarrierItWaitsUntilTheBusyThreadsStop() throws Exception {
    // The reason for Main.atLeastTwoCarriers: if a JDK stops starving here, it can go.
    assertThat(wokeAfterMillis("jdk")).isGreaterThanOrEqualTo(2900);
  }

  private static long wokeAfterMillis(String carriers) throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ActiveProcessorCount=1",
                "-cp",
                System.getProperty("java.class.path"),
                CarrierProbe.class.getName(),
                carriers)
            .redirectErrorStream(true)
            .start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(child.exitValue()).as(out).isZero();
    assertThat(out).as(out).startsWith("woke after ms ");
    return Long.parseLong(out.substring("woke after ms ".length()));
  }
}
