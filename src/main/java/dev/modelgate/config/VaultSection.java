package dev.modelgate.config;

import dev.modelgate.provider.spi.Secret;
import dev.modelgate.vault.AwsKmsMasterKey;
import dev.modelgate.vault.MasterKeySpec;
import dev.modelgate.vault.TransitMasterKey;
import dev.modelgate.vault.VaultSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The {@code vault:} section: the master key and the previous ones during a rotation. */
final class VaultSection {
  private static final Set<String> TYPES =
      Set.of("env", "file", "pkcs11", "aws_kms", "vault_transit");

  private VaultSection() {}

  static VaultSettings vault(ConfigNode node) {
    node.allowOnly(Set.of("master_key", "previous_master_keys"));
    if (!node.has("master_key")) {
      node.child("master_key").problem("is required to use the vault");
      return VaultSettings.NONE;
    }
    MasterKeySpec current = masterKey(node.object("master_key"));
    List<MasterKeySpec> previous =
        node.each("previous_master_keys", key -> Optional.ofNullable(masterKey(key))).stream()
            .flatMap(Optional::stream)
            .toList();
    return current == null ? VaultSettings.NONE : new VaultSettings(current, previous);
  }

  private static @Nullable MasterKeySpec masterKey(ConfigNode node) {
    String type = node.requiredString("type");
    switch (type) {
      case "env" -> {
        node.allowOnly(Set.of("type", "variable"));
        return new MasterKeySpec.FromEnv(node.string("variable", "MODELGATE_MASTER_KEY"));
      }
      case "file" -> {
        node.allowOnly(Set.of("type", "path"));
        return new MasterKeySpec.FromFile(Path.of(node.requiredString("path")));
      }
      case "pkcs11" -> {
        node.allowOnly(Set.of("type", "library", "slot_list_index", "pin", "key_alias"));
        return new MasterKeySpec.Pkcs11(
            node.requiredString("library"),
            node.integer("slot_list_index", 0, 0, 1000),
            new Secret(node.requiredString("pin")),
            node.requiredString("key_alias"));
      }
      case "aws_kms" -> {
        node.allowOnly(
            Set.of(
                "type",
                "region",
                "key_id",
                "endpoint",
                "access_key_id",
                "secret_access_key",
                "session_token"));
        String region = node.requiredString("region");
        URI endpoint = node.uri("endpoint", Set.of("http", "https"));
        String token = node.optionalString("session_token");
        return new MasterKeySpec.AwsKms(
            new AwsKmsMasterKey.Settings(
                endpoint != null
                    ? endpoint
                    : URI.create("https://kms." + region + ".amazonaws.com/"),
                region,
                node.requiredString("key_id"),
                node.requiredString("access_key_id"),
                new Secret(node.requiredString("secret_access_key")),
                token == null ? null : new Secret(token)));
      }
      case "vault_transit" -> {
        node.allowOnly(Set.of("type", "address", "mount", "key", "token"));
        URI address = node.uri("address", Set.of("http", "https"));
        if (address == null) {
          node.child("address").problem("is required");
          return null;
        }
        return new MasterKeySpec.Transit(
            new TransitMasterKey.Settings(
                address,
                node.string("mount", "transit"),
                node.requiredString("key"),
                new Secret(node.requiredString("token"))));
      }
      default -> {
        if (!type.isEmpty()) {
          node.child("type").problem("must be one of " + new java.util.TreeSet<>(TYPES));
        }
        return null;
      }
    }
  }
}
