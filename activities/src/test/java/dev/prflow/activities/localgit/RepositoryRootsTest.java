package dev.prflow.activities.localgit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryRootsTest {

  @TempDir Path tmp;

  private Path root;
  private Path outside;
  private RepositoryRoots roots;

  @BeforeEach
  void layout() throws Exception {
    root = Files.createDirectories(tmp.resolve("repos"));
    outside = Files.createDirectories(tmp.resolve("elsewhere").resolve("calc"));
    Files.createDirectories(root.resolve("calc"));
    roots = RepositoryRoots.of(root);
  }

  @Test
  void aDirectoryUnderARootIsAllowed() {
    assertThat(roots.problem(root.resolve("calc"))).isEmpty();
    assertThat(roots.allows(root)).isTrue();
  }

  @Test
  void aDirectoryOutsideEveryRootIsRefusedNamingTheVariable() throws Exception {
    Path realRoot = root.toRealPath();
    assertThat(roots.problem(outside))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .contains(outside.toString())
                    .contains("outside PRFLOW_REPO_ROOTS")
                    .contains(realRoot.toString()));
  }

  @Test
  void dotDotOutOfARootIsRefused() {
    Path trick = Path.of(root + "/../elsewhere/calc");
    assertThat(roots.problem(trick)).hasValueSatisfying(p -> assertThat(p).contains("outside"));
  }

  @Test
  void aSymbolicLinkInsideARootPointingOutsideIsRefused() throws Exception {
    Path link = Files.createSymbolicLink(root.resolve("link"), outside);
    assertThat(roots.problem(link)).hasValueSatisfying(p -> assertThat(p).contains("outside"));
    assertThat(roots.problem(link.resolve("sub")))
        .hasValueSatisfying(p -> assertThat(p).contains("outside"));
  }

  @Test
  void aRootReachedThroughASymbolicLinkIsJudgedByItsRealPath() throws Exception {
    Path alias = Files.createSymbolicLink(tmp.resolve("alias"), root);
    RepositoryRoots viaAlias = RepositoryRoots.of(alias);
    assertThat(viaAlias.directories()).containsExactly(root.toRealPath());
    assertThat(viaAlias.problem(root.resolve("calc"))).isEmpty();
    assertThat(roots.problem(alias.resolve("calc"))).isEmpty();
  }

  @Test
  void aMissingPathSaysWhetherItIsMissingOnlyUnderARoot() {
    assertThat(roots.problem(root.resolve("nothing").resolve("here")))
        .hasValueSatisfying(p -> assertThat(p).contains("does not exist"));
    assertThat(roots.problem(outside.resolve("nothing")))
        .hasValueSatisfying(p -> assertThat(p).contains("outside").doesNotContain("exist"));
  }

  @Test
  void aPrefixThatIsNotAPathAncestorIsOutside() throws Exception {
    Path sibling = Files.createDirectories(tmp.resolve("repos-other"));
    assertThat(roots.problem(sibling)).isPresent();
  }

  @Test
  void aRootThatDoesNotExistIsIgnoredWithAWarning() {
    List<String> warnings = new ArrayList<>();
    RepositoryRoots some = RepositoryRoots.of(List.of(root, tmp.resolve("missing")), warnings::add);
    assertThat(some.directories()).hasSize(1);
    assertThat(warnings)
        .singleElement()
        .satisfies(w -> assertThat(w).contains("PRFLOW_REPO_ROOTS").contains("missing"));
  }

  @Test
  void noRootsRefuseEverything() {
    assertThat(RepositoryRoots.none().problem(root))
        .hasValueSatisfying(p -> assertThat(p).contains("no root configured"));
  }

  @Test
  void plusCreatesAndAddsARoot() {
    RepositoryRoots more = roots.plus(tmp.resolve("demo"));
    assertThat(Files.isDirectory(tmp.resolve("demo"))).isTrue();
    assertThat(more.allows(tmp.resolve("demo"))).isTrue();
    assertThat(roots.allows(tmp.resolve("demo"))).isFalse();
  }
}
