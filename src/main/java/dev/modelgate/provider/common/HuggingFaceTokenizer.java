package dev.modelgate.provider.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.GptBytePairEncodingParams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A model's own tokenizer from its Hugging Face {@code tokenizer.json}, for counting the tokens of
 * what a local model server does not count: byte-level BPE (the GPT-2 family's scheme, which Qwen 2
 * and 3, Llama 3 and DeepSeek use), its normalizer and pre-tokenizer (splits by regular expression,
 * digits, byte level) read from the file, and the byte pair merges done by JTokkit with each
 * token's id as its rank. A file of another scheme (SentencePiece-style BPE with byte fallback,
 * Unigram, WordPiece), or one whose merges this reading would not follow, is counted by Hugging
 * Face's own library ({@link NativeTokenizer}).
 */
public final class HuggingFaceTokenizer {
  // GPT-2's pre-tokenizer, which ByteLevel applies when its use_regex is on.
  private static final String GPT2_SPLIT =
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
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
      return byteLevel(file, root);
    } catch (NotByteLevel e) {
      return NativeTokenizer.load(file);
    }
  }

  /** What makes a file another scheme than byte-level BPE. */
  private static final class NotByteLevel extends RuntimeException {
    NotByteLevel(String what) {
      super(what, null, false, false);
    }
  }

  private static TokenEstimate byteLevel(Path file, JsonNode root) {
    JsonNode model = root.path("model");
    if (!model.path("type").asText("BPE").equals("BPE") || !model.path("vocab").isObject()) {
      throw new NotByteLevel("a " + model.path("type").asText("?") + " model");
    }
    if (model.path("byte_fallback").asBoolean(false)) {
      throw new NotByteLevel("a BPE with byte fallback (SentencePiece style)");
    }
    UnaryOperator<String> normalizer = normalizer(root.path("normalizer"), file);
    List<UnaryOperator<List<String>>> splits = new ArrayList<>();
    preTokenizer(root.path("pre_tokenizer"), file, splits);
    Set<String> added = new HashSet<>();
    root.path("added_tokens").forEach(token -> added.add(token.path("content").asText()));
    mergesInIdOrder(model);
    Encoding encoding = encoding(file, model.path("vocab"), added);
    return new TokenEstimate(
        text -> {
          List<String> pieces = List.of(normalizer.apply(text));
          for (UnaryOperator<List<String>> split : splits) {
            pieces = split.apply(pieces);
          }
          long tokens = 0;
          for (String piece : pieces) {
            tokens += encoding.countTokensOrdinary(piece);
          }
          return tokens;
        });
  }

  /**
   * JTokkit merges by rank, the lowest-ranked pair first; with each token's id as its rank that is
   * the file's merge order only where ids never fall along the merges (as in tiktoken's
   * vocabularies and in those BPE training numbers in merge order). A file where they do not goes
   * to Hugging Face's own library instead of being counted by a different order.
   */
  private static void mergesInIdOrder(JsonNode model) {
    JsonNode vocab = model.path("vocab");
    int last = -1;
    for (JsonNode merge : model.path("merges")) {
      String joined;
      if (merge.isArray()) {
        joined = merge.path(0).asText() + merge.path(1).asText();
      } else {
        String text = merge.asText();
        int space = text.indexOf(' ');
        joined = space < 0 ? text : text.substring(0, space) + text.substring(space + 1);
      }
      int id = vocab.path(joined).asInt(-1);
      // Several merges may make one token (tiktoken's vocabularies converted, Llama 3's): equal
      // ids in a row are in order.
      if (id < 0 || id < last) {
        throw new NotByteLevel("merges not in the order of their tokens' ids");
      }
      last = id;
    }
  }

  /** The vocabulary's byte strings and ranks; added (special) tokens are not text's to count. */
  private static Encoding encoding(Path file, JsonNode vocab, Set<String> added) {
    Map<byte[], Integer> ranks = new HashMap<>();
    Map<Character, Byte> bytes = ByteLevel.decoding();
    vocab
        .properties()
        .forEach(
            entry -> {
              String token = entry.getKey();
              if (added.contains(token)) {
                return;
              }
              byte[] raw = new byte[token.length()];
              for (int i = 0; i < token.length(); i++) {
                Byte b = bytes.get(token.charAt(i));
                if (b == null) {
                  throw new NotByteLevel("token '" + token + "' is not byte-level");
                }
                raw[i] = b;
              }
              ranks.put(raw, entry.getValue().asInt());
            });
    // Each piece arrives split already; the encoding takes it whole.
    String name = "hf:" + file;
    EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    registry.registerGptBytePairEncoding(
        new GptBytePairEncodingParams(name, Pattern.compile("(?s).+"), ranks, Map.of()));
    return registry.getEncoding(name).orElseThrow();
  }

  private static UnaryOperator<String> normalizer(JsonNode node, Path file) {
    if (node.isMissingNode() || node.isNull()) {
      return UnaryOperator.identity();
    }
    String type = node.path("type").asText();
    return switch (type) {
      case "NFC" -> text -> Normalizer.normalize(text, Normalizer.Form.NFC);
      case "NFD" -> text -> Normalizer.normalize(text, Normalizer.Form.NFD);
      case "NFKC" -> text -> Normalizer.normalize(text, Normalizer.Form.NFKC);
      case "NFKD" -> text -> Normalizer.normalize(text, Normalizer.Form.NFKD);
      case "Sequence" -> {
        UnaryOperator<String> all = UnaryOperator.identity();
        for (JsonNode each : node.path("normalizers")) {
          UnaryOperator<String> before = all;
          UnaryOperator<String> next = normalizer(each, file);
          all = text -> next.apply(before.apply(text));
        }
        yield all;
      }
      default -> throw new NotByteLevel("normalizer " + type);
    };
  }

  private static void preTokenizer(
      JsonNode node, Path file, List<UnaryOperator<List<String>>> splits) {
    if (node.isMissingNode() || node.isNull()) {
      return;
    }
    String type = node.path("type").asText();
    switch (type) {
      case "Sequence" -> {
        for (JsonNode each : node.path("pretokenizers")) {
          preTokenizer(each, file, splits);
        }
      }
      case "ByteLevel" -> {
        if (node.path("add_prefix_space").asBoolean(false)) {
          splits.add(HuggingFaceTokenizer::withPrefixSpace);
        }
        if (node.path("use_regex").asBoolean(true)) {
          splits.add(isolating(Pattern.compile(GPT2_SPLIT, Pattern.UNICODE_CHARACTER_CLASS)));
        }
      }
      case "Digits" ->
          splits.add(
              isolating(
                  Pattern.compile(
                      node.path("individual_digits").asBoolean(false) ? "\\p{N}" : "\\p{N}+")));
      case "Split" -> splits.add(split(node, file));
      default -> throw new NotByteLevel("pre-tokenizer " + type);
    }
  }

  private static UnaryOperator<List<String>> split(JsonNode node, Path file) {
    JsonNode pattern = node.path("pattern");
    String regex =
        pattern.has("Regex")
            ? pattern.path("Regex").asText()
            : Pattern.quote(pattern.path("String").asText());
    String behavior = node.path("behavior").asText("Isolated");
    if (node.path("invert").asBoolean(false)
        || !(behavior.equals("Isolated") || behavior.equals("Removed"))) {
      throw new NotByteLevel("a Split pre-tokenizer that is " + behavior);
    }
    try {
      Pattern compiled = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
      return behavior.equals("Removed") ? removing(compiled) : isolating(compiled);
    } catch (PatternSyntaxException e) {
      throw new NotByteLevel("a Split pattern Java does not compile: " + e.getDescription());
    }
  }

  private static List<String> withPrefixSpace(List<String> pieces) {
    if (pieces.isEmpty() || pieces.getFirst().startsWith(" ")) {
      return pieces;
    }
    List<String> out = new ArrayList<>(pieces);
    out.set(0, " " + pieces.getFirst());
    return out;
  }

  /** Each match a piece of its own, and so is the text between matches. */
  private static UnaryOperator<List<String>> isolating(Pattern pattern) {
    return pieces -> splitting(pieces, pattern, true);
  }

  /** The text between matches, the matches dropped. */
  private static UnaryOperator<List<String>> removing(Pattern pattern) {
    return pieces -> splitting(pieces, pattern, false);
  }

  private static List<String> splitting(List<String> pieces, Pattern pattern, boolean keep) {
    List<String> out = new ArrayList<>();
    for (String piece : pieces) {
      Matcher matcher = pattern.matcher(piece);
      int last = 0;
      while (matcher.find()) {
        if (matcher.end() == matcher.start()) {
          continue;
        }
        if (matcher.start() > last) {
          out.add(piece.substring(last, matcher.start()));
        }
        if (keep) {
          out.add(matcher.group());
        }
        last = matcher.end();
      }
      if (last < piece.length()) {
        out.add(piece.substring(last));
      }
    }
    return out;
  }
}
