package dev.prflow.activities.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullRequestChoiceTest {

  @Test
  void readsTheNumberFromPullUrls() {
    assertThat(PullRequestChoice.numberOf("https://github.com/acme/widgets/pull/418"))
        .isEqualTo(418);
    assertThat(PullRequestChoice.numberOf("https://github.com/acme/widgets/pull/418/files"))
        .isEqualTo(418);
    assertThat(PullRequestChoice.numberOf("https://github.com/acme/widgets/pull/7?x=1"))
        .isEqualTo(7);
    assertThat(PullRequestChoice.numberOf("https://github.com/acme/widgets/issues/4"))
        .isEqualTo(-1);
  }

  @Test
  void noUrlsMeansNoPullRequest() {
    assertThat(PullRequestChoice.choose("1", List.of())).isEmpty();
    assertThat(PullRequestChoice.choose("1", Arrays.asList(null, " "))).isEmpty();
  }

  @Test
  void oneUrlGivesNoWarning() {
    PullRequestChoice pr =
        PullRequestChoice.choose("1", List.of("https://github.com/acme/widgets/pull/418"))
            .orElseThrow();
    assertThat(pr.number()).isEqualTo(418);
    assertThat(pr.warnings()).isEmpty();
  }

  @Test
  void severalUrlsTakeTheFirstWithAPullNumberAndWarn() {
    PullRequestChoice pr =
        PullRequestChoice.choose(
                "86753",
                List.of(
                    "https://github.com/acme/widgets/pull/418",
                    "https://github.com/acme/widgets/pull/419"))
            .orElseThrow();
    assertThat(pr.url()).endsWith("/pull/418");
    assertThat(pr.warnings()).singleElement().asString().contains("Codegen run 86753 opened 2");
  }

  @Test
  void urlsWithoutAPullNumberAreMalformed() {
    CodegenException e =
        catchThrowableOfType(
            CodegenException.class,
            () -> PullRequestChoice.choose("9", List.of("https://github.com/acme/widgets")));
    assertThat(e.kind()).isEqualTo(CodegenException.Kind.MALFORMED);
    assertThat(e.getMessage()).contains(".../pull/<number>");
  }
}
