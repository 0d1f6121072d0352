package dev.prflow.activities.localgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RepositoryLocationTest {

  @Test
  void parsesALocalAbsolutePath() {
    RepositoryLocation location = RepositoryLocation.parse("local:/srv/repos/calc/../calc");

    assertThat(location.isLocal()).isTrue();
    assertThat(location.host()).isEqualTo("local");
    assertThat(location.path()).isEqualTo(Path.of("/srv/repos/calc"));
    assertThat(location.canonical()).isEqualTo("local:/srv/repos/calc");
  }

  @Test
  void keyIsStableAndIdSafe() {
    String key = RepositoryLocation.parse("local:/srv/My Repo (copy)!").key();

    assertThat(key).isEqualTo(RepositoryLocation.parse("local:/srv/./My Repo (copy)!").key());
    assertThat(key).matches("[a-z0-9._-]+-[0-9a-f]{6}").startsWith("my-repo--copy--");
  }

  @Test
  void keyTellsApartDirectoriesWithTheSameName() {
    String one = RepositoryLocation.parse("local:/a/calc").key();
    String two = RepositoryLocation.parse("local:/b/calc").key();

    assertThat(one).startsWith("calc-").isNotEqualTo(two);
    assertThat(two).startsWith("calc-");
  }

  @Test
  void keyIsShortForLongNamesAndTheRoot() {
    String longName = "x".repeat(100);

    assertThat(RepositoryLocation.parse("local:/tmp/" + longName).key()).hasSize(40 + 1 + 6);
    assertThat(RepositoryLocation.parse("local:/").key()).matches("root-[0-9a-f]{6}");
  }

  @Test
  void githubRepositoriesHaveANameButNoLocalCheckout() {
    RepositoryLocation github = RepositoryLocation.parse("github:Octo-Org/hello.world");
    assertThat(github.isGitHub()).isTrue();
    assertThat(github.canonical()).isEqualTo("github:Octo-Org/hello.world");
    assertThat(github.key()).matches("[a-z0-9._-]+");
    assertThatThrownBy(github::git).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsRelativePathsAndOtherHosts() {
    assertThatThrownBy(() -> RepositoryLocation.parse("local:relative/dir"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> RepositoryLocation.parse("gitlab:owner/repo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported repository");
    assertThatThrownBy(() -> RepositoryLocation.parse("github:owner"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("github:<owner>/<repo>");
    assertThatThrownBy(() -> RepositoryLocation.parse(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
