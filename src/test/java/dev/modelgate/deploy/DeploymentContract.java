package dev.modelgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.chain.CallListener;
import dev.modelgate.config.ConfigLoader;
import dev.modelgate.config.GatewayConfig;
import dev.modelgate.config.ShutdownSettings;
import dev.modelgate.observe.AccessLog;
import dev.modelgate.server.Gateway;
import dev.modelgate.testkit.HttpProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes manifests hold together with the gateway they deploy: the ConfigMap's configuration
 * loads with the Deployment's environment, the probes answer on the configured ports, the grace
 * period covers the drain, and the security settings leave writable only the volumes the gateway
 * writes to. Run on the kustomize manifests ({@link KubernetesManifestsTest}) and on the Helm
 * chart's rendering ({@link HelmChartTest}).
 */
abstract class DeploymentContract {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z0-9_]+)(:-[^}]*)?}");
  final KubernetesManifests manifests = manifests();

  /** The manifests under test; the Secret among them holds example values. */
  abstract KubernetesManifests manifests();

  @Test
  void everyObjectIsNamedAndTheKindsAreThere() {
    for (JsonNode object : manifests.objects()) {
      assertThat(object.path("apiVersion").asText()).as(object.toString()).isNotBlank();
      assertThat(object.path("kind").asText()).as(object.toString()).isNotBlank();
      if (!object.path("kind").asText().equals("Kustomization")) { // a kustomize file, unnamed
        assertThat(object.path("metadata").path("name").asText())
            .as(object.toString())
            .isNotBlank();
      }
    }
    Set<String> kinds = new HashSet<>();
    manifests.objects().forEach(o -> kinds.add(o.path("kind").asText()));
    assertThat(kinds)
        .contains(
            "Deployment",
            "Service",
            "ConfigMap",
            "Secret",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget");
  }

  @Test
  void configMapLoadsAndTheProbesAnswerOnTheConfiguredPorts(@TempDir Path dir) throws Exception {
    String yaml = configYaml();
    GatewayConfig config = ConfigLoader.parse(utf8(yaml), deploymentEnv(dir)::get, dir);
    assertThat(config.server().port()).isEqualTo(manifests.containerPort("http"));
    assertThat(config.admin().port()).isEqualTo(manifests.containerPort("admin"));
    assertThat(config.server().host()).isEqualTo("0.0.0.0");

    // The same configuration on free ports, to ask the probe paths of a running gateway.
    String local =
        yaml.replace("port: " + config.server().port(), "port: 0")
            .replace("port: " + config.admin().port(), "port: 0")
            .replace("host: 0.0.0.0", "host: 127.0.0.1")
            .replace("data_dir: " + config.dataDir(), "data_dir: " + dir.resolve("data"));
    Path file = dir.resolve("modelgate.yaml");
    Files.writeString(file, local);
    GatewayConfig running = ConfigLoader.load(file, deploymentEnv(dir)::get);
    try (Gateway gateway =
        Gateway.start(
            new Gateway.Options(
                running,
                null,
                null,
                Duration.ofSeconds(1),
                deploymentEnv(dir)::get,
                AccessLog.discarding(),
                CallListener.NONE))) {
      JsonNode container = manifests.container();
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.path("port").asText()).as(probe).isEqualTo("http");
        String url = "http://127.0.0.1:" + gateway.port() + get.path("path").asText();
        assertThat(HttpProbe.get(url, null).status()).as(probe + " " + url).isEqualTo(200);
      }
      assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
          .isEqualTo("/readyz");
      assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
          .isEqualTo("/healthz");
    }
  }

  @Test
  void gracePeriodCoversThePreStopDelayAndTheDrain(@TempDir Path dir) {
    ShutdownSettings shutdown =
        ConfigLoader.parse(utf8(configYaml()), deploymentEnv(dir)::get, dir).server().shutdown();
    long grace =
        manifests
            .one("Deployment")
            .path("spec")
            .path("template")
            .path("spec")
            .path("terminationGracePeriodSeconds")
            .asLong();
    long needed = shutdown.preStopDelay().plus(shutdown.drainTimeout()).toSeconds();
    assertThat(shutdown.preStopDelay()).as("a pre-stop delay behind a Service").isPositive();
    // Some seconds beyond the drain for the JVM to stop, so SIGKILL never cuts a drain short.
    assertThat(grace).isGreaterThanOrEqualTo(needed + 5);
  }

  @Test
  void podRunsAsNonRootOnAReadOnlyRootWithTheDataDirOnAnEmptyDir(@TempDir Path dir) {
    JsonNode pod = manifests.one("Deployment").path("spec").path("template").path("spec");
    JsonNode container = manifests.container();
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("securityContext").path("runAsUser").asInt()).isPositive();
    JsonNode security = container.path("securityContext");
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(security.path("capabilities").path("drop").toString()).contains("ALL");
    assertThat(container.path("resources").path("requests").path("cpu").asText()).isNotBlank();
    assertThat(container.path("resources").path("limits").path("memory").asText()).isNotBlank();

    Map<String, JsonNode> volumes = new HashMap<>();
    pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
    Map<String, String> mounts = new HashMap<>();
    container
        .path("volumeMounts")
        .forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
    String dataDir =
        ConfigLoader.parse(utf8(configYaml()), deploymentEnv(dir)::get, dir).dataDir().toString();
    for (String writable : List.of(dataDir, "/tmp")) {
      assertThat(mounts).as("a volume at " + writable).containsKey(writable);
      assertThat(volumes.get(mounts.get(writable)).has("emptyDir")).as(writable).isTrue();
    }
    String configMount =
        mounts.entrySet().stream()
            .filter(e -> volumes.get(e.getValue()).has("configMap"))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    assertThat(container.path("args").toString())
        .contains(configMount + "/modelgate.yaml", "serve", "--config");
  }

  @Test
  void servicesAutoscalerAndBudgetPointAtTheDeployment() {
    JsonNode deployment = manifests.one("Deployment");
    String app =
        deployment
            .path("spec")
            .path("selector")
            .path("matchLabels")
            .path("app.kubernetes.io/name")
            .asText();
    assertThat(
            deployment
                .path("spec")
                .path("template")
                .path("metadata")
                .path("labels")
                .path("app.kubernetes.io/name")
                .asText())
        .isEqualTo(app);
    for (JsonNode service : manifests.all("Service")) {
      assertThat(service.path("spec").path("selector").path("app.kubernetes.io/name").asText())
          .isEqualTo(app);
      for (JsonNode port : service.path("spec").path("ports")) {
        manifests.containerPort(port.path("targetPort").asText());
      }
    }
    JsonNode hpa = manifests.one("HorizontalPodAutoscaler").path("spec");
    assertThat(hpa.path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
    assertThat(hpa.path("scaleTargetRef").path("name").asText())
        .isEqualTo(deployment.path("metadata").path("name").asText());
    assertThat(hpa.path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(hpa.path("maxReplicas").asInt()).isGreaterThan(hpa.path("minReplicas").asInt());
    JsonNode pdb = manifests.one("PodDisruptionBudget").path("spec");
    assertThat(pdb.path("selector").path("matchLabels").path("app.kubernetes.io/name").asText())
        .isEqualTo(app);
    assertThat(pdb.path("minAvailable").asInt()).isLessThan(hpa.path("minReplicas").asInt());
  }

  @Test
  void everyVariableTheConfigReadsComesFromTheDeploymentOrHasADefault() {
    Set<String> provided = new HashSet<>();
    manifests.container().path("env").forEach(e -> provided.add(e.path("name").asText()));
    Matcher refs = ENV_REF.matcher(configYaml());
    while (refs.find()) {
      if (refs.group(2) == null) {
        assertThat(provided).as("env of the container").contains(refs.group(1));
      }
    }
    JsonNode secret = manifests.one("Secret");
    for (JsonNode env : manifests.container().path("env")) {
      JsonNode ref = env.path("valueFrom").path("secretKeyRef");
      if (!ref.isMissingNode()) {
        assertThat(ref.path("name").asText())
            .isEqualTo(secret.path("metadata").path("name").asText());
        assertThat(secret.path("stringData").has(ref.path("key").asText()))
            .as("secret key " + ref.path("key").asText())
            .isTrue();
      }
    }
  }

  String configYaml() {
    return manifests.one("ConfigMap").path("data").path("modelgate.yaml").asText();
  }

  /**
   * The container's environment as the Deployment builds it, secrets taken from the example Secret;
   * the store is a SQLite file in {@code dir}, since no PostgreSQL runs at the example's address.
   */
  private Map<String, String> deploymentEnv(Path dir) {
    JsonNode secret = manifests.one("Secret").path("stringData");
    Map<String, String> env = new HashMap<>();
    for (JsonNode entry : manifests.container().path("env")) {
      JsonNode ref = entry.path("valueFrom").path("secretKeyRef");
      String value =
          ref.isMissingNode()
              ? entry.path("value").asText()
              : secret.path(ref.path("key").asText()).asText();
      env.put(entry.path("name").asText(), value);
    }
    env.put("MODELGATE_STORE_URL", "jdbc:sqlite:" + dir.resolve("store.db"));
    return env;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
