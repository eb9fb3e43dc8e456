package dev.modelgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every object of a set of Kubernetes manifests (the files in {@code deploy/k8s}, or the Helm
 * chart's rendering), parsed as YAML, looked up by kind.
 */
record KubernetesManifests(List<JsonNode> objects) {
  static final Path DIR = Path.of("deploy", "k8s");
  private static final YAMLMapper YAML = new YAMLMapper();

  static KubernetesManifests read() {
    List<JsonNode> objects = new ArrayList<>();
    for (Path file : files()) {
      objects.addAll(documents(file));
    }
    return new KubernetesManifests(objects);
  }

  /** The objects of a stream of YAML documents, such as {@code helm template} prints. */
  static KubernetesManifests of(String documents) {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(documents)) {
      return new KubernetesManifests(
          docs.readAll().stream().filter(d -> !d.isNull() && !d.isEmpty()).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("not valid YAML: " + documents, e);
    }
  }

  static List<Path> files() {
    try (Stream<Path> listing = Files.list(DIR)) {
      return listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> documents(Path file) {
    try (MappingIterator<JsonNode> docs =
        YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      return docs.readAll().stream().filter(d -> !d.isNull() && !d.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("not valid YAML: " + file, e);
    }
  }

  List<JsonNode> all(String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  JsonNode one(String kind) {
    List<JsonNode> found = all(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + found.size());
    }
    return found.getFirst();
  }

  JsonNode container() {
    return one("Deployment").path("spec").path("template").path("spec").path("containers").get(0);
  }

  /** The container port number named {@code name}. */
  int containerPort(String name) {
    for (JsonNode port : container().path("ports")) {
      if (port.path("name").asText().equals(name)) {
        return port.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no container port named " + name);
  }
}
