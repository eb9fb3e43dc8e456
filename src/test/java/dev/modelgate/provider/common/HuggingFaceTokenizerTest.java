package dev.modelgate.provider.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.modelgate.codec.Json;
import dev.modelgate.testkit.TokenizerJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model's tokenizer.json counts as the model's tokenizer does: cl100k written as a tokenizer.json
 * (the form Llama 3's takes: a Split by cl100k's expression, then byte level) counts every text as
 * JTokkit's own cl100k does; files of other schemes are counted by Hugging Face's own library.
 */
class HuggingFaceTokenizerTest {
  private static final Encoding CL100K =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
  private static final List<String> TEXTS =
      List.of(
          "Hello, world! I'm sure they'll say it's fine, won't they?",
          "def count(xs):\n    return sum(1 for _ in xs)  # 12345678 items\n\n\n",
          "通义千问是阿里云研发的大语言模型，支持中文和英文。",
          "日本語のテキストとカタカナ、そして emoji 🚀🔥👩‍👩‍👧",
          "   leading spaces, trailing tabs\t\t\n  and \r\n CRLF lines",
          "{\"model\":\"qwen3\",\"messages\":[{\"role\":\"user\",\"content\":\"1+1=?\"}]}",
          "Ünïcödé áccents — and a dash… «quotes» ¿qué?");

  @Test
  void cl100kAsATokenizerJsonCountsAsJtokkitsCl100k(@TempDir Path dir) {
    TokenEstimate tokens = HuggingFaceTokenizer.load(TokenizerJson.cl100k(dir.resolve("t.json")));
    for (String text : TEXTS) {
      assertThat(tokens.of(text)).as(text).isEqualTo(CL100K.countTokensOrdinary(text));
    }
    assertThat(tokens.of("")).isZero();
  }

  @Test
  void aByteVocabularyCountsBytesAndDiffersFromO200k(@TempDir Path dir) {
    TokenEstimate bytes = HuggingFaceTokenizer.load(TokenizerJson.bytesOnly(dir.resolve("b.json")));
    String text = "hello 世界";
    assertThat(bytes.of(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    assertThat(TokenEstimate.O200K.of(text)).isLessThan(bytes.of(text));
  }

  @Test
  void specialTokensInTheVocabularyAreNotTextsTokens(@TempDir Path dir) {
    Path file =
        TokenizerJson.withSpecialToken(
            TokenizerJson.bytesOnly(dir.resolve("b.json")), "<｜end▁of▁sentence｜>", 256);
    assertThat(HuggingFaceTokenizer.load(file).of("abc")).isEqualTo(3);
  }

  @Test
  void anUpstreamWithoutTheOptionCountsWithO200k(@TempDir Path dir) {
    assertThat(HuggingFaceTokenizer.forUpstream(Json.object())).isSameAs(TokenEstimate.O200K);
    Path file = TokenizerJson.bytesOnly(dir.resolve("b.json"));
    assertThat(HuggingFaceTokenizer.forUpstream(Json.object().put("tokenizer", file.toString())))
        .isSameAs(HuggingFaceTokenizer.load(file));
    assertThatThrownBy(
            () ->
                HuggingFaceTokenizer.forUpstream(
                    Json.object().put("tokenizer", dir.resolve("missing.json").toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tokenizer: cannot read");
  }

  /**
   * A SentencePiece-style file (Llama 2's scheme: "▁" for spaces, merges by priority, bytes for
   * characters outside the vocabulary) goes to Hugging Face's own library.
   */
  @Test
  void sentencePieceStyleFilesAreCountedByHuggingFacesLibrary(@TempDir Path dir) {
    ObjectNode vocab = Json.object().put("<unk>", 0);
    for (int b = 0; b < 256; b++) {
      vocab.put(String.format("<0x%02X>", b), b + 1);
    }
    vocab.put("▁", 257).put("a", 258).put("b", 259).put("▁a", 260).put("▁ab", 261);
    ObjectNode model =
        Json.object()
            .put("type", "BPE")
            .put("byte_fallback", true)
            .put("fuse_unk", true)
            .put("unk_token", "<unk>");
    model.set("vocab", vocab);
    model.putArray("merges").add("▁ a").add("▁a b");
    ObjectNode normalizer = Json.object().put("type", "Sequence");
    normalizer
        .putArray("normalizers")
        .add(Json.object().put("type", "Prepend").put("prepend", "▁"))
        .add(
            Json.object()
                .put("type", "Replace")
                .put("content", "▁")
                .set("pattern", Json.object().put("String", " ")));
    TokenEstimate tokens =
        HuggingFaceTokenizer.load(
            TokenizerJson.write(dir.resolve("sp.json"), model, null, normalizer));
    assertThat(tokens.of("ab ab")).as("▁ab ▁ab").isEqualTo(2);
    assertThat(tokens.of("b")).as("▁ b: no merge").isEqualTo(2);
    assertThat(tokens.of("é")).as("▁ <0xC3> <0xA9>").isEqualTo(3);
  }

  /**
   * Merges out of their tokens' id order: ranking by id would make "abc" one token ("ab" first,
   * then "abc"); the file's merge order makes "b c" first, after which "a" and "bc" do not merge.
   * Such a file is counted by Hugging Face's library, by the file's order.
   */
  @Test
  void mergesOutOfIdOrderAreCountedInTheFilesOrder(@TempDir Path dir) {
    ObjectNode model = Json.object().put("type", "BPE");
    model.set(
        "vocab",
        Json.object().put("a", 0).put("b", 1).put("c", 2).put("ab", 3).put("bc", 4).put("abc", 5));
    model.putArray("merges").add("b c").add("a b").add("ab c");
    ObjectNode byteLevel =
        Json.object()
            .put("type", "ByteLevel")
            .put("add_prefix_space", false)
            .put("trim_offsets", false)
            .put("use_regex", false);
    assertThat(
            HuggingFaceTokenizer.load(
                    TokenizerJson.write(dir.resolve("order.json"), model, byteLevel, null))
                .of("abc"))
        .isEqualTo(2);
  }

  @Test
  void aFileNoTokenizerReadsIsRefusedWithTheReason(@TempDir Path dir) {
    ObjectNode unknown = Json.object().put("type", "NoSuchModel");
    unknown.set("vocab", Json.object().put("a", 0));
    assertThatThrownBy(
            () ->
                HuggingFaceTokenizer.load(
                    TokenizerJson.write(dir.resolve("x.json"), unknown, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Hugging Face tokenizers cannot load it");
  }
}
