package dev.modelgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plain manifests in {@code deploy/k8s}, applied with kustomize. */
class KubernetesManifestsTest extends DeploymentContract {
  @Override
  KubernetesManifests manifests() {
    return KubernetesManifests.read();
  }

  @Test
  void everyManifestIsAFileOfItsOwn() {
    assertThat(KubernetesManifests.files()).hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void kustomizationListsEveryManifestButTheSecretExample() {
    JsonNode kustomization = manifests.one("Kustomization");
    Set<String> listed = new HashSet<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    for (Path file : KubernetesManifests.files()) {
      String name = file.getFileName().toString();
      if (!name.equals("kustomization.yaml") && !name.equals("secret.example.yaml")) {
        assertThat(listed).as("kustomization.yaml resources").contains(name);
      }
      assertThat(KubernetesManifests.DIR.resolve(name)).exists();
    }
    listed.forEach(r -> assertThat(KubernetesManifests.DIR.resolve(r)).exists());
  }
}
