import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.provider.common.HuggingFaceTokenizer;
import dev.modelgate.provider.common.TokenEstimate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The same counts by the gateway's loader: java -cp ... Counts.java texts.json NAME=tokenizer.json... */
public class Counts {
  public static void main(String[] args) throws Exception {
    List<?> texts = new ObjectMapper().readValue(Path.of(args[0]).toFile(), List.class);
    for (int i = 1; i < args.length; i++) {
      String[] nameAndFile = args[i].split("=", 2);
      TokenEstimate tokens = HuggingFaceTokenizer.load(Path.of(nameAndFile[1]));
      List<String> counts = new ArrayList<>();
      for (Object text : texts) {
        counts.add(Long.toString(tokens.of((String) text)));
      }
      System.out.println(nameAndFile[0] + " " + String.join(" ", counts));
    }
  }
}
