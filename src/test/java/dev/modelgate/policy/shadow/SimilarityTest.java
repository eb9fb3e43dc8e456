package dev.modelgate.policy.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SimilarityTest {
  @Test
  void sameWordsInAnyOrderAndCaseAreIdentical() {
    assertThat(Similarity.jaccard("The cat sat.", "sat, the CAT")).isEqualTo(1.0);
  }

  @Test
  void sharedTokensOverAllTokens() {
    // {the, cat, sat} vs {the, cat, stood}: 2 shared of 4.
    assertThat(Similarity.jaccard("the cat sat", "the cat stood")).isEqualTo(0.5);
    assertThat(Similarity.jaccard("alpha beta", "gamma delta")).isZero();
  }

  @Test
  void hanCharactersAreTokensOfTheirOwn() {
    // {今, 天, 很, 好} vs {今, 天, 不, 好}: 3 shared of 5.
    assertThat(Similarity.jaccard("今天很好", "今天不好")).isCloseTo(0.6, Offset.offset(1e-9));
  }

  @Test
  void twoEmptyAnswersAreAlikeAndOneEmptyIsNot() {
    assertThat(Similarity.jaccard("", "  ")).isEqualTo(1.0);
    assertThat(Similarity.jaccard("", "words")).isZero();
  }
}
