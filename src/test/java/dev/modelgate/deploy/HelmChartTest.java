package dev.modelgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart in {@code deploy/helm/modelgate}, rendered by Helm itself: it passes {@code helm
 * lint --strict}, its defaults deploy what the kustomize manifests deploy (the same configuration,
 * the same invariants: {@link DeploymentContract}), and its switches add and remove what they name.
 */
class HelmChartTest extends DeploymentContract {
  static final Path CHART = Path.of("deploy", "helm", "modelgate");

  /** The example Secret's values, as deploy/k8s/secret.example.yaml has them. */
  private static final Map<String, String> EXAMPLE_SECRET =
      Map.of(
          "store-url", "jdbc:postgresql://postgres:5432/modelgate",
          "store-password", "change-me",
          "admin-token-hash",
              "sha256:0000000000000000000000000000000000000000000000000000000000000000",
          "openai-api-key", "sk-change-me");

  @Override
  KubernetesManifests manifests() {
    return render(template -> template);
  }

  /** The chart rendered as release "modelgate", with the example Secret and {@code settings}. */
  static KubernetesManifests render(UnaryOperator<TemplateCommand> settings) {
    TemplateCommand template =
        new Helm(CHART).template().withName("modelgate").set("secret.create", true);
    for (Map.Entry<String, String> entry : EXAMPLE_SECRET.entrySet()) {
      template = template.set("secret.data." + entry.getKey(), entry.getValue());
    }
    return KubernetesManifests.of(settings.apply(template).call());
  }

  @Test
  void lintsCleanStrict() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void theDefaultsConfigureTheGatewayAsTheKustomizeManifestsDo() throws Exception {
    YAMLMapper yaml = new YAMLMapper();
    JsonNode chart = yaml.readTree(configYaml());
    KubernetesManifests kustomize = KubernetesManifests.read();
    JsonNode plain =
        yaml.readTree(kustomize.one("ConfigMap").path("data").path("modelgate.yaml").asText());
    assertThat(chart).isEqualTo(plain);
    JsonNode pod = manifests.one("Deployment").path("spec").path("template").path("spec");
    JsonNode plainPod = kustomize.one("Deployment").path("spec").path("template").path("spec");
    assertThat(pod.path("securityContext")).isEqualTo(plainPod.path("securityContext"));
    assertThat(pod.path("terminationGracePeriodSeconds"))
        .isEqualTo(plainPod.path("terminationGracePeriodSeconds"));
    assertThat(manifests.container().path("resources"))
        .isEqualTo(kustomize.container().path("resources"));
  }

  @Test
  void withoutSecretCreateTheChartLeavesTheSecretToTheUser() {
    KubernetesManifests rendered =
        KubernetesManifests.of(new Helm(CHART).template().withName("gw").call());
    assertThat(rendered.all("Secret")).isEmpty();
    JsonNode env = rendered.container().path("env");
    assertThat(env.toString()).contains("\"name\":\"gw-modelgate-secrets\"");
  }

  @Test
  void autoscalingOffSetsReplicasAndLeavesOutTheAutoscaler() {
    KubernetesManifests rendered =
        render(t -> t.set("autoscaling.enabled", false).set("replicaCount", 3));
    assertThat(rendered.all("HorizontalPodAutoscaler")).isEmpty();
    assertThat(rendered.one("Deployment").path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(manifests.one("Deployment").path("spec").has("replicas"))
        .as("with the autoscaler on, the Deployment leaves replicas to it")
        .isFalse();
  }

  @Test
  void aServiceMonitorScrapesMetricsOnTheApiPortWhenAsked() {
    assertThat(manifests.all("ServiceMonitor")).isEmpty();
    KubernetesManifests rendered =
        render(
            t -> t.set("serviceMonitor.enabled", true).set("serviceMonitor.labels.release", "kp"));
    JsonNode monitor = rendered.one("ServiceMonitor");
    assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("kp");
    JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
    assertThat(endpoint.path("port").asText()).isEqualTo("http");
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    rendered.containerPort(endpoint.path("port").asText());
  }

  @Test
  void theImageTagDefaultsToTheChartsAppVersion() throws Exception {
    JsonNode chart = new YAMLMapper().readTree(CHART.resolve("Chart.yaml").toFile());
    assertThat(manifests.container().path("image").asText())
        .isEqualTo("modelgate:" + chart.path("appVersion").asText());
    assertThat(
            render(t -> t.set("image.repository", "registry.example/mg").set("image.tag", "1.2"))
                .container()
                .path("image")
                .asText())
        .isEqualTo("registry.example/mg:1.2");
  }

  @Test
  void theAdminServiceCanBeLeftOut() {
    assertThat(manifests.all("Service")).hasSize(2);
    assertThat(render(t -> t.set("adminService.enabled", false)).all("Service")).hasSize(1);
  }
}
