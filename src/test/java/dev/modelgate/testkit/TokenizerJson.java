package dev.modelgate.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.provider.common.ByteLevelBpe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Writes Hugging Face {@code tokenizer.json} files of byte-level BPE, as a model's directory holds
 * them: one from a tiktoken vocabulary (JTokkit's own cl100k, so a count through the file can be
 * checked against JTokkit's), and one with the 256 bytes alone (every byte a token).
 */
public final class TokenizerJson {
  /** cl100k's (and Llama 3's) pre-tokenizer, as a Split in tokenizer.json spells it. */
  public static final String CL100K_SPLIT =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  private TokenizerJson() {}

  /** cl100k from JTokkit's resources, in tokenizer.json form. */
  public static Path cl100k(Path file) {
    ObjectNode vocab = Json.MAPPER.createObjectNode();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    com.knuddels.jtokkit.Encodings.class.getResourceAsStream(
                        "/com/knuddels/jtokkit/cl100k_base.tiktoken")),
                StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        int space = line.indexOf(' ');
        vocab.put(
            spell(Base64.getDecoder().decode(line.substring(0, space))),
            Integer.parseInt(line.substring(space + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode preTokenizer = Json.MAPPER.createObjectNode().put("type", "Sequence");
    preTokenizer
        .putArray("pretokenizers")
        .add(
            Json.object()
                .put("type", "Split")
                .put("behavior", "Isolated")
                .put("invert", false)
                .set("pattern", Json.object().put("Regex", CL100K_SPLIT)))
        .add(
            Json.object()
                .put("type", "ByteLevel")
                .put("add_prefix_space", false)
                .put("use_regex", false));
    return write(file, vocab, preTokenizer);
  }

  /** A vocabulary of the 256 bytes and nothing else: a text counts as many tokens as bytes. */
  public static Path bytesOnly(Path file) {
    ObjectNode vocab = Json.MAPPER.createObjectNode();
    for (int b = 0; b < 256; b++) {
      vocab.put(spell(new byte[] {(byte) b}), b);
    }
    return write(
        file,
        vocab,
        Json.object()
            .put("type", "ByteLevel")
            .put("add_prefix_space", false)
            .put("use_regex", true));
  }

  /** {@code model} and the rest of a tokenizer.json around it, for files of other schemes. */
  public static Path write(
      Path file,
      ObjectNode model,
      @org.jspecify.annotations.Nullable ObjectNode preTokenizer,
      @org.jspecify.annotations.Nullable ObjectNode normalizer) {
    ObjectNode root = Json.object().put("version", "1.0");
    root.putArray("added_tokens");
    root.set("normalizer", normalizer);
    root.set("pre_tokenizer", preTokenizer);
    root.set("model", model);
    try {
      Files.write(file, Json.MAPPER.writeValueAsBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** {@code file} with a special token added (in the vocabulary too, as DeepSeek's has them). */
  public static Path withSpecialToken(Path file, String content, int id) {
    try {
      ObjectNode root = (ObjectNode) Json.MAPPER.readTree(file.toFile());
      ((ObjectNode) root.path("model").path("vocab")).put(content, id);
      root.withArray("added_tokens")
          .add(Json.object().put("id", id).put("content", content).put("special", true));
      Files.write(file, Json.MAPPER.writeValueAsBytes(root));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(Path file, ObjectNode vocab, ObjectNode preTokenizer) {
    ObjectNode model = Json.object().put("type", "BPE").put("byte_fallback", false);
    model.set("vocab", vocab);
    model.putArray("merges");
    return write(file, model, preTokenizer, Json.object().put("type", "NFC"));
  }

  private static String spell(byte[] bytes) {
    char[] forward = new char[256];
    for (Map.Entry<Character, Byte> entry : ByteLevelBpe.decoding().entrySet()) {
      forward[entry.getValue() & 0xFF] = entry.getKey();
    }
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      out.append(forward[b & 0xFF]);
    }
    return out.toString();
  }
}
