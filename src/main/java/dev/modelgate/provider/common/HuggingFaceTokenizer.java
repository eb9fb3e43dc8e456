package dev.modelgate.provider.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * A model's own tokenizer from its Hugging Face {@code tokenizer.json}, for counting the tokens of
 * what a model server does not count: byte-level BPE (the GPT-2 family's scheme, which Qwen 2 and
 * 3, Llama 3 and DeepSeek use) read in Java ({@link ByteLevelBpe}); a file of another scheme
 * (SentencePiece-style BPE with byte fallback, Unigram, WordPiece), or one whose merges that
 * reading would not follow, counted by Hugging Face's own library ({@link NativeTokenizer}). Each
 * file is loaded once per version.
 */
public final class HuggingFaceTokenizer {
  private static final Logger LOG = Logger.getLogger(HuggingFaceTokenizer.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Loaded, TokenEstimate> LOADED = new ConcurrentHashMap<>();

  private record Loaded(Path file, FileTime modified, long size) {}

  private HuggingFaceTokenizer() {}

  /**
   * The counter an upstream's options name ({@code tokenizer: path/to/tokenizer.json}), or {@link
   * TokenEstimate#O200K} when they name none.
   */
  public static TokenEstimate forUpstream(JsonNode options) {
    JsonNode file = options.path("tokenizer");
    if (file.isMissingNode() || file.isNull()) {
      return TokenEstimate.O200K;
    }
    try {
      return load(Path.of(file.asText()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tokenizer: " + e.getMessage(), e);
    }
  }

  /** The counting function the options name, or null when they name no tokenizer. */
  public static @Nullable ToLongFunction<String> counterFor(JsonNode options) {
    TokenEstimate tokens = forUpstream(options);
    return tokens == TokenEstimate.O200K ? null : tokens::of;
  }

  /**
   * The counter of {@code file}, loaded once per version of the file (a reload that names it again
   * reuses it). {@link IllegalArgumentException} says why a file cannot be used.
   */
  public static TokenEstimate load(Path file) {
    Loaded key;
    try {
      key = new Loaded(file.toAbsolutePath(), Files.getLastModifiedTime(file), Files.size(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    TokenEstimate tokens = LOADED.computeIfAbsent(key, loaded -> read(loaded.file()));
    // An earlier version of the file is not needed again (calls in flight hold theirs).
    LOADED.keySet().removeIf(other -> other.file().equals(key.file()) && !other.equals(key));
    return tokens;
  }

  /** Byte-level BPE in Java where the file is of that scheme, else Hugging Face's own library. */
  private static TokenEstimate read(Path file) {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = JSON.readTree(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not a tokenizer.json: " + e.getMessage(), e);
    }
    try {
      return ByteLevelBpe.read(root, file.toString());
    } catch (ByteLevelBpe.NotByteLevel e) {
      LOG.info(() -> file + ": " + e.getMessage() + ", so counted by Hugging Face's tokenizers");
      return NativeTokenizer.load(file);
    }
  }
}
