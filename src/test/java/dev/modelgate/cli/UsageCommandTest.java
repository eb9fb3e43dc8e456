package dev.modelgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.codec.Json;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code modelgate usage totals|records} read the usage records that a gateway on the same SQLite
 * store wrote: grouped totals as a table and CSV, records as CSV and JSON lines; bad options are
 * refused with the field named.
 */
class UsageCommandTest {
  @TempDir Path dir;

  @Test
  void totalsAndRecordsOfAGatewaysCallsAreReadFromTheStore() throws Exception {
    String store = "store:\n  url: jdbc:sqlite:" + dir.resolve("usage.db") + "\n";
    String config = Files.writeString(dir.resolve("cli.yaml"), store).toString();
    try (TestGateway gateway =
        TestGateway.start(
            store
                + TestGateway.authBlock()
                + "usage:\n  currency: EUR\n  prices:\n    echo: {input: 1000000, output: 2000000}\n"
                + TestGateway.echoRoutes("echo", "other"))) {
      for (String model : List.of("echo", "echo", "other")) {
        gateway
            .openAiClient()
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(model)
                    .addUserMessage("count me")
                    .build());
      }
      Await.until(
          () ->
              CliRun.of("", "usage", "records", "--format", "json", "-c", config)
                      .out()
                      .lines()
                      .count()
                  == 3,
          "three usage records in the store");
    }

    CliRun table = CliRun.of("", "usage", "totals", "--group-by", "model", "-c", config);
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out())
        .containsPattern("(?m)^model\\s+calls\\s+failed\\s+prompt\\s+completion");
    assertThat(table.out()).containsPattern("(?m)^echo\\s+2\\s+0\\s+[1-9]");
    assertThat(table.out()).containsPattern("(?m)^other\\s+1\\s+0\\s+");

    CliRun csv =
        CliRun.of(
            "", "usage", "totals", "--group-by", "model,day", "--format", "csv", "-c", config);
    List<String> lines = csv.out().lines().toList();
    assertThat(lines.getFirst()).startsWith("model,day,currency,calls,failed,prompt_tokens");
    assertThat(lines).hasSize(3);
    assertThat(lines).anyMatch(line -> line.startsWith("echo,") && line.contains(",EUR,2,0,"));

    CliRun records = CliRun.of("", "usage", "records", "-c", config);
    assertThat(records.out().lines().toList()).hasSize(4).first().asString().startsWith("id,");
    List<String> json =
        CliRun.of("", "usage", "records", "--format", "json", "--limit", "2", "-c", config)
            .out()
            .lines()
            .toList();
    assertThat(json).hasSize(2);
    JsonNode first = Json.parse(json.getFirst().getBytes(StandardCharsets.UTF_8));
    assertThat(first.path("key_name").asText()).isEqualTo("test");
    assertThat(first.path("status").asInt()).isEqualTo(200);

    CliRun bad = CliRun.of("", "usage", "totals", "--group-by", "colour", "-c", config);
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("group_by: unknown dimension 'colour'");
    assertThat(CliRun.of("", "usage", "totals", "--from", "yesterday", "-c", config).err())
        .contains("from: must be a date like 2030-01-31");
    assertThat(
            CliRun.of(
                    "",
                    "usage",
                    "totals",
                    "--from",
                    "2030-02-01",
                    "--to",
                    "2030-01-01",
                    "-c",
                    config)
                .err())
        .contains("from: must be before to");
  }
}
