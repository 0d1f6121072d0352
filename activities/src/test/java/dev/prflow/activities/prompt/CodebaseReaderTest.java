package dev.prflow.activities.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodebaseReaderTest {

  @TempDir Path tmp;

  private TestRepo sample() {
    TestRepo repo = TestRepo.init(tmp.resolve("repo"));
    repo.write("README.md", "# Sample\n")
        .write("src/app/RateLimiter.java", "class RateLimiter { int tokens; }\n")
        .write("src/app/Clock.java", "class Clock {}\n")
        .write("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 'r', 'a', 't', 'e'});
    repo.commit("initial");
    return repo;
  }

  @Test
  void listsCommittedFilesSortedWithSizes() {
    TestRepo repo = sample();

    List<RepoFile> files = CodebaseReader.open(repo.dir(), "main").files();

    assertThat(files)
        .extracting(RepoFile::path)
        .containsExactly("README.md", "logo.png", "src/app/Clock.java", "src/app/RateLimiter.java");
    assertThat(files.get(0).size()).isEqualTo(9);
    assertThat(files.get(3).objectId()).hasSize(40);
  }

  @Test
  void resolvesRefToCommit() {
    TestRepo repo = sample();
    String head = repo.git("rev-parse", "HEAD").strip();

    CodebaseReader reader = CodebaseReader.open(repo.dir(), "main");

    assertThat(reader.commit()).isEqualTo(head);
    assertThat(reader.ref()).isEqualTo("main");
  }

  @Test
  void blankRefMeansHead() {
    TestRepo repo = sample();

    assertThat(CodebaseReader.open(repo.dir(), " ").commit())
        .isEqualTo(repo.git("rev-parse", "HEAD").strip());
  }

  @Test
  void readsFileContentAtRef() {
    TestRepo repo = sample();

    assertThat(CodebaseReader.open(repo.dir(), "main").read("src/app/Clock.java"))
        .isEqualTo("class Clock {}\n");
  }

  @Test
  void readsCommittedTreeNotWorkingDirectory() throws Exception {
    TestRepo repo = sample();
    Files.writeString(repo.dir().resolve("src/app/Clock.java"), "class Clock { edited }\n");
    Files.writeString(repo.dir().resolve("untracked.txt"), "rate\n");

    CodebaseReader reader = CodebaseReader.open(repo.dir(), "main");

    assertThat(reader.read("src/app/Clock.java")).isEqualTo("class Clock {}\n");
    assertThat(reader.files()).extracting(RepoFile::path).doesNotContain("untracked.txt");
    assertThat(reader.grep(List.of("edited", "rate")))
        .doesNotContainKey("untracked.txt")
        .doesNotContainKey("src/app/Clock.java");
  }

  @Test
  void readsAnOlderCommit() {
    TestRepo repo = sample();
    String first = repo.git("rev-parse", "HEAD").strip();
    repo.write("src/app/Clock.java", "class Clock { long now; }\n").commit("second");

    CodebaseReader reader = CodebaseReader.open(repo.dir(), first);

    assertThat(reader.read("src/app/Clock.java")).isEqualTo("class Clock {}\n");
  }

  @Test
  void grepReportsTermsPerFileWithoutRefPrefix() {
    TestRepo repo = sample();

    var hits = CodebaseReader.open(repo.dir(), "main").grep(List.of("rate", "token", "clock"));

    assertThat(hits)
        .containsOnlyKeys("src/app/RateLimiter.java", "src/app/Clock.java")
        .containsEntry("src/app/Clock.java", java.util.Set.of("clock"));
    assertThat(hits.get("src/app/RateLimiter.java")).containsExactly("rate", "token");
  }

  @Test
  void grepSkipsBinaryFiles() {
    TestRepo repo = sample();

    assertThat(CodebaseReader.open(repo.dir(), "main").grep(List.of("rate")))
        .doesNotContainKey("logo.png");
  }

  @Test
  void grepWithNoMatchIsEmpty() {
    TestRepo repo = sample();

    assertThat(CodebaseReader.open(repo.dir(), "main").grep(List.of("nowhere"))).isEmpty();
  }

  @Test
  void readsBareRepository() {
    TestRepo repo = sample();
    Path bare = repo.cloneBare(tmp.resolve("bare.git"));

    CodebaseReader reader = CodebaseReader.open(bare, "main");

    assertThat(reader.files()).extracting(RepoFile::path).contains("src/app/RateLimiter.java");
    assertThat(reader.grep(List.of("tokens"))).containsOnlyKeys("src/app/RateLimiter.java");
  }

  @Test
  void rejectsMissingRef() {
    TestRepo repo = sample();

    assertThatThrownBy(() -> CodebaseReader.open(repo.dir(), "no-such-branch"))
        .isInstanceOf(PromptGenerationException.class)
        .hasMessageContaining("no-such-branch");
  }

  @Test
  void rejectsRepositoryWithoutCommits() {
    TestRepo repo = TestRepo.init(tmp.resolve("empty"));

    assertThatThrownBy(() -> CodebaseReader.open(repo.dir(), "main"))
        .isInstanceOf(PromptGenerationException.class)
        .hasMessageContaining("'main'");
  }

  @Test
  void rejectsOptionLikeRef() {
    TestRepo repo = sample();

    assertThatThrownBy(() -> CodebaseReader.open(repo.dir(), "--output=/tmp/x"))
        .isInstanceOf(PromptGenerationException.class)
        .hasMessageContaining("invalid git ref");
  }

  @Test
  void rejectsNonRepository() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));

    assertThatThrownBy(() -> CodebaseReader.open(plain, "main"))
        .isInstanceOf(PromptGenerationException.class)
        .hasMessageContaining("is not a git repository");
  }

  @Test
  void rejectsMissingDirectory() {
    assertThatThrownBy(() -> CodebaseReader.open(tmp.resolve("absent"), "main"))
        .isInstanceOf(PromptGenerationException.class)
        .hasMessageContaining("is not a git repository");
  }

  @Test
  void rejectsSubdirectoryOfRepository() {
    TestRepo repo = sample();

    assertThatThrownBy(() -> CodebaseReader.open(repo.dir().resolve("src"), "main"))
        .isInstanceOf(PromptGenerationException.class)
        .hasMessageContaining("is not a git repository");
  }
}
