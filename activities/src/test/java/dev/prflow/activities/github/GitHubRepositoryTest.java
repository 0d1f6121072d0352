package dev.prflow.activities.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GitHubRepositoryTest {

  @Test
  void givenOwnerAndRepo_itShouldParseThem() {
    GitHubRepository repo = GitHubRepository.parse("github:octo-org/hello-world.js");

    assertThat(repo.owner()).isEqualTo("octo-org");
    assertThat(repo.name()).isEqualTo("hello-world.js");
    assertThat(repo.fullName()).isEqualTo("octo-org/hello-world.js");
    assertThat(repo.canonical()).isEqualTo("github:octo-org/hello-world.js");
    assertThat(GitHubRepository.parse("github:octo-org/hello-world.git").name())
        .isEqualTo("hello-world");
    assertThat(GitHubRepository.isGitHub("github:a/b")).isTrue();
    assertThat(GitHubRepository.isGitHub("local:/tmp/x")).isFalse();
  }

  @Test
  void itsKeyShouldBeIdSafeShortAndCaseInsensitive() {
    String key = GitHubRepository.parse("github:Octo-Org/Hello_World").key();

    assertThat(key).matches("[a-z0-9._-]+").startsWith("octo-org-hello_world-");
    assertThat(key).isEqualTo(GitHubRepository.parse("github:octo-org/hello_world").key());
    assertThat(key).isNotEqualTo(GitHubRepository.parse("github:octo-org/hello_world2").key());
    String longKey = GitHubRepository.parse("github:o/" + "r".repeat(100)).key();
    assertThat(longKey).hasSize(47);
  }

  @Test
  void givenSomethingElse_itShouldRefuse() {
    for (String bad :
        new String[] {
          null,
          "octo-org/hello-world",
          "github:octo-org",
          "github:octo-org/",
          "github:/hello",
          "github:a/b/c",
          "github:octo org/x",
          "github:octo-org/..",
          "github:-bad/x"
        }) {
      assertThatThrownBy(() -> GitHubRepository.parse(bad))
          .as(String.valueOf(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
