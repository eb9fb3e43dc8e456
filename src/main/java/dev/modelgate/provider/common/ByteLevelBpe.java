package dev.modelgate.provider.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.GptBytePairEncodingParams;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A byte-level BPE {@code tokenizer.json} read in Java: its normalizer and pre-tokenizer (splits by
 * regular expression, digits, byte level), its vocabulary spelt in GPT-2's byte table, and the byte
 * pair merges done by JTokkit with each token's id as its rank. What this reading would not count
 * as the file says is refused with {@link NotByteLevel}.
 */
public final class ByteLevelBpe {
  // GPT-2's pre-tokenizer, which ByteLevel applies when its use_regex is on.
  private static final String GPT2_SPLIT =
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

  private ByteLevelBpe() {}

  /** What makes a file another scheme than byte-level BPE. */
  static final class NotByteLevel extends RuntimeException {
    NotByteLevel(String what) {
      super(what, null, false, false);
    }
  }

  /** The counter of a byte-level BPE file; {@code name} names its encoding in JTokkit. */
  static TokenEstimate read(JsonNode root, String name) {
    JsonNode model = root.path("model");
    if (!model.path("type").asText("BPE").equals("BPE") || !model.path("vocab").isObject()) {
      throw new NotByteLevel("a " + model.path("type").asText("?") + " model");
    }
    if (model.path("byte_fallback").asBoolean(false)) {
      throw new NotByteLevel("a BPE with byte fallback (SentencePiece style)");
    }
    UnaryOperator<String> normalizer = normalizer(root.path("normalizer"));
    List<UnaryOperator<List<String>>> splits = new ArrayList<>();
    preTokenizer(root.path("pre_tokenizer"), splits);
    Set<String> added = new HashSet<>();
    root.path("added_tokens").forEach(token -> added.add(token.path("content").asText()));
    mergesInIdOrder(model);
    Encoding encoding = encoding(name, model.path("vocab"), added);
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
  private static Encoding encoding(String name, JsonNode vocab, Set<String> added) {
    Map<byte[], Integer> ranks = new HashMap<>();
    Map<Character, Byte> bytes = decoding();
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
    EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    registry.registerGptBytePairEncoding(
        new GptBytePairEncodingParams(name, Pattern.compile("(?s).+"), ranks, Map.of()));
    return registry.getEncoding(name).orElseThrow();
  }

  private static UnaryOperator<String> normalizer(JsonNode node) {
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
          UnaryOperator<String> next = normalizer(each);
          all = text -> next.apply(before.apply(text));
        }
        yield all;
      }
      default -> throw new NotByteLevel("normalizer " + type);
    };
  }

  private static void preTokenizer(JsonNode node, List<UnaryOperator<List<String>>> splits) {
    if (node.isMissingNode() || node.isNull()) {
      return;
    }
    String type = node.path("type").asText();
    switch (type) {
      case "Sequence" -> {
        for (JsonNode each : node.path("pretokenizers")) {
          preTokenizer(each, splits);
        }
      }
      case "ByteLevel" -> {
        if (node.path("add_prefix_space").asBoolean(false)) {
          splits.add(ByteLevelBpe::withPrefixSpace);
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
      case "Split" -> splits.add(split(node));
      default -> throw new NotByteLevel("pre-tokenizer " + type);
    }
  }

  private static UnaryOperator<List<String>> split(JsonNode node) {
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

  /**
   * GPT-2's byte-to-character table, in which byte-level vocabularies spell their tokens (the
   * printable Latin-1 bytes stand for themselves, every other byte for a character from U+0100 on):
   * each character of the table to the byte it stands for.
   */
  public static Map<Character, Byte> decoding() {
    Map<Character, Byte> table = new HashMap<>();
    int next = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
      char c = printable ? (char) b : (char) (256 + next++);
      table.put(c, (byte) b);
    }
    return table;
  }
}
