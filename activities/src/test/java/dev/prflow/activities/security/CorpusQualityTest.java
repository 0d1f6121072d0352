package dev.prflow.activities.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Guards the measured quality of the default rules: a rule change that loses it fails CI. */
class CorpusQualityTest {

  private final SecurityScanner scanner = new SecurityScanner(SecretRules.defaults());

  @Test
  void corpusHasEnoughSecretsTypesAndLookAlikes() {
    assertThat(Corpus.positives()).hasSizeGreaterThanOrEqualTo(60);
    assertThat(Corpus.positives().stream().map(Corpus.Item::type).distinct().count())
        .isGreaterThanOrEqualTo(15);
    assertThat(Corpus.negatives()).hasSizeGreaterThanOrEqualTo(100);
  }

  @Test
  void defaultRulesKeepRecallAndPrecisionAtLeastNinetyPercent() {
    Corpus.Score score = Corpus.score(scanner);
    System.out.printf(
        "corpus: recall %.3f precision %.3f missed %s false alarms %s%n",
        score.recall(), score.precision(), score.missed(), score.falseAlarms());
    assertThat(score.recall()).as("recall, missed: %s", score.missed()).isGreaterThanOrEqualTo(0.9);
    assertThat(score.precision())
        .as("precision, false alarms: %s", score.falseAlarms())
        .isGreaterThanOrEqualTo(0.9);
  }
}
