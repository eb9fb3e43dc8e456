package dev.modelgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Reads a YAML configuration file: parse, interpolate the environment, validate. */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigLoader() {}

  public static GatewayConfig load(Path file, Function<String, @Nullable String> env) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    return parse(bytes, env, defaultDataDir(file));
  }

  public static GatewayConfig parse(
      byte[] yaml, Function<String, @Nullable String> env, Path defaultDataDir) {
    JsonNode tree;
    try {
      tree = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new ConfigException(
          "not valid YAML: "
              + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                  ? j.getOriginalMessage() + " at " + j.getLocation()
                  : e.getMessage()));
    }
    if (tree == null || tree.isMissingNode()) {
      tree = YAML.createObjectNode();
    }
    List<String> problems = new ArrayList<>();
    EnvInterpolation.apply(tree, "", env, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return ConfigParser.parse(tree, defaultDataDir);
  }

  private static Path defaultDataDir(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of("data") : parent.resolve("data");
  }
}
