package dev.modelgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Checks the image tar that {@code ./mvnw -Pimage package} writes (Docker's {@code docker load}
 * layout: {@code manifest.json}, the config JSON, gzipped layer tars): the tag, an entrypoint that
 * starts the gateway's main class with the image's own Java, a non-root user, the API port, and
 * layers holding the app jar, its libraries, the Java runtime and the glibc loader. The profile
 * runs it in the {@code verify} phase; it prints what it found and exits non-zero on a problem.
 */
public final class ImageTarCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageTarCheck() {}

  public static void main(String[] args) throws IOException {
    List<String> problems = check(Path.of(args[0]));
    if (!problems.isEmpty()) {
      throw new IllegalStateException("image " + args[0] + ": " + String.join("; ", problems));
    }
  }

  /** The problems found in the image tar at {@code tar}; empty when it is sound. */
  static List<String> check(Path tar) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    Map<String, Integer> files = new HashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        byte[] content = in.readAllBytes();
        entries.put(entry.getName(), content);
        if (entry.getName().endsWith(".tar.gz")) {
          files.putAll(layerFiles(new java.io.ByteArrayInputStream(content)));
        }
      }
    }
    List<String> problems = new ArrayList<>();
    JsonNode manifest = JSON.readTree(entries.getOrDefault("manifest.json", new byte[0]));
    if (manifest == null || !manifest.isArray() || manifest.size() != 1) {
      problems.add("manifest.json must describe one image");
      return problems;
    }
    JsonNode image = manifest.get(0);
    if (!image.path("RepoTags").toString().contains("modelgate:")) {
      problems.add("no modelgate tag: " + image.path("RepoTags"));
    }
    for (JsonNode layer : image.path("Layers")) {
      if (!entries.containsKey(layer.asText())) {
        problems.add("layer missing from the tar: " + layer.asText());
      }
    }
    JsonNode config = JSON.readTree(entries.get(image.path("Config").asText())).path("config");
    String entrypoint = config.path("Entrypoint").toString();
    if (!entrypoint.startsWith("[\"java\"") || !entrypoint.contains("dev.modelgate.Main")) {
      problems.add("entrypoint does not start the gateway with java: " + entrypoint);
    }
    if (!config.path("Env").toString().contains("PATH=/opt/java/bin")) {
      problems.add("PATH does not lead to the image's Java: " + config.path("Env"));
    }
    if (config.path("User").asText().isEmpty() || config.path("User").asText().startsWith("0")) {
      problems.add("runs as root: '" + config.path("User").asText() + "'");
    }
    if (!config.path("ExposedPorts").has("8080/tcp")) {
      problems.add("port 8080 not exposed: " + config.path("ExposedPorts"));
    }
    for (String required :
        List.of("opt/java/bin/java", "lib64/ld-linux-x86-64.so.2", "etc/passwd", "tmp", "data")) {
      if (!files.containsKey(required)) {
        problems.add("no /" + required + " in the layers");
      }
    }
    for (String executable : List.of("opt/java/bin/java", "lib64/ld-linux-x86-64.so.2")) {
      if ((files.getOrDefault(executable, 0) & 0111) == 0) {
        problems.add("/" + executable + " is not executable");
      }
    }
    if (files.keySet().stream().noneMatch(f -> f.matches("app/classpath/modelgate.*\\.jar"))) {
      problems.add("no app jar under /app/classpath");
    }
    if (files.keySet().stream().noneMatch(f -> f.matches("app/libs/helidon-webserver-.*\\.jar"))) {
      problems.add("no dependency jars under /app/libs");
    }
    System.out.println(
        "image "
            + tar.getFileName()
            + ": "
            + image.path("Layers").size()
            + " layers, "
            + files.size()
            + " files, entrypoint "
            + entrypoint
            + ", user "
            + config.path("User").asText()
            + (problems.isEmpty() ? ", ok" : ", problems: " + problems));
    return problems;
  }

  /** The paths in one gzipped layer (no leading or trailing slash) and their modes. */
  private static Map<String, Integer> layerFiles(InputStream gzipped) throws IOException {
    Map<String, Integer> names = new HashMap<>();
    try (TarArchiveInputStream layer = new TarArchiveInputStream(new GZIPInputStream(gzipped))) {
      TarArchiveEntry entry;
      while ((entry = layer.getNextEntry()) != null) {
        String name = entry.getName().replaceFirst("^\\.?/", "");
        names.put(
            name.endsWith("/") ? name.substring(0, name.length() - 1) : name, entry.getMode());
      }
    }
    return names;
  }
}
