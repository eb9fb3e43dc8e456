package dev.modelgate.provider.common;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A tokenizer.json of a scheme other than byte-level BPE (SentencePiece-style BPE with byte
 * fallback, Unigram, WordPiece), counted by Hugging Face's own tokenizers library through DJL's
 * bindings. Its native library is loaded on first use only, so a gateway that names no such file
 * never loads it.
 */
final class NativeTokenizer {
  private static final String CACHE_DIR = "ENGINE_CACHE_DIR";
  // DJL looks for GPUs when it loads and warns that CUDA is missing, which is no concern of a
  // tokenizer's. Held so the level stays set.
  private static final Logger GPU_PROBE = Logger.getLogger("ai.djl.util.cuda");

  private NativeTokenizer() {}

  static TokenEstimate load(Path file) {
    GPU_PROBE.setLevel(Level.SEVERE);
    // DJL unpacks its native library under ~/.djl.ai by default; a container's home is often
    // read-only (readOnlyRootFilesystem), its temporary directory not. An operator's choice of
    // DJL_CACHE_DIR or ENGINE_CACHE_DIR stands.
    if (System.getenv(CACHE_DIR) == null
        && System.getenv("DJL_CACHE_DIR") == null
        && System.getProperty(CACHE_DIR) == null
        && System.getProperty("DJL_CACHE_DIR") == null) {
      System.setProperty(
          CACHE_DIR, Path.of(System.getProperty("java.io.tmpdir"), "modelgate-djl").toString());
    }
    HuggingFaceTokenizer tokenizer;
    try {
      tokenizer =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(file)
              .optAddSpecialTokens(false)
              .optTruncation(false)
              .optPadding(false)
              .build();
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      throw new IllegalArgumentException(
          file + ": Hugging Face tokenizers cannot load it: " + e.getMessage(), e);
    }
    return new TokenEstimate(text -> tokenizer.encode(text).getIds().length);
  }
}
