package dev.modelgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every gateway metric the Grafana dashboard queries is documented in docs/metrics.md. */
class MetricsDocumentationTest {
  @Test
  void theDashboardUsesOnlyDocumentedMetrics() throws IOException {
    String dashboard = Files.readString(Path.of("deploy/grafana/modelgate.json"));
    String docs = Files.readString(Path.of("docs/metrics.md"));
    Matcher names = Pattern.compile("modelgate_[a-z_]+").matcher(dashboard);
    Set<String> missing = new TreeSet<>();
    int found = 0;
    while (names.find()) {
      found++;
      String name = names.group().replaceFirst("_(bucket|count|sum)$", "");
      if (!docs.contains("`" + name + "`")) {
        missing.add(name);
      }
    }
    assertThat(found).isGreaterThan(10);
    assertThat(missing).isEmpty();
  }
}
