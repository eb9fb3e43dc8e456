package dev.modelgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrincipalTest {

  private static Principal allowed(String... patterns) {
    return new Principal("id", "name", List.of(patterns));
  }

  @Test
  void exactPatternMatchesOnlyThatModel() {
    Principal principal = allowed("gpt-4o");

    assertThat(principal.mayUse("gpt-4o")).isTrue();
    assertThat(principal.mayUse("gpt-4o-mini")).isFalse();
    assertThat(principal.mayUse("gpt-4")).isFalse();
    assertThat(principal.mayUse("GPT-4O")).isFalse();
  }

  @Test
  void prefixPatternMatchesModelsStartingWithIt() {
    Principal principal = allowed("deepseek/*");

    assertThat(principal.mayUse("deepseek/deepseek-chat")).isTrue();
    assertThat(principal.mayUse("deepseek/")).isTrue();
    assertThat(principal.mayUse("deepseek")).isFalse();
    assertThat(principal.mayUse("openai/gpt-4o")).isFalse();
  }

  @Test
  void starAloneMatchesEveryModel() {
    Principal principal = allowed("*");

    assertThat(principal.mayUse("gpt-4o")).isTrue();
    assertThat(principal.mayUse("anything/at-all")).isTrue();
    assertThat(principal.mayUse("")).isTrue();
  }

  @Test
  void anyOfSeveralPatterns() {
    Principal principal = allowed("echo", "qwen-*");

    assertThat(principal.mayUse("echo")).isTrue();
    assertThat(principal.mayUse("qwen-max")).isTrue();
    assertThat(principal.mayUse("glm-4")).isFalse();
  }

  @Test
  void noPatternsMatchNothing() {
    assertThat(allowed().mayUse("echo")).isFalse();
  }

  @Test
  void starInsideAPatternIsLiteral() {
    Principal principal = allowed("a*b");

    assertThat(principal.mayUse("a*b")).isTrue();
    assertThat(principal.mayUse("axb")).isFalse();
  }
}
