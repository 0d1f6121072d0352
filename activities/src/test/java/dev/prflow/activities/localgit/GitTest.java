package dev.prflow.activities.localgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prflow.activities.demo.DemoRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prflow's own git: no repository code runs, no secret in its environment, stdout alone parsed. */
class GitTest {

  @TempDir Path temp;

  private Path repo;
  private Git git;
  private Path marker;

  @BeforeEach
  void setUp() {
    repo = DemoRepository.create(temp.resolve("repo"));
    git = new Git(repo);
    marker = temp.resolve("hook-ran");
  }

  private void plant(Path hook) throws IOException {
    Files.createDirectories(hook.getParent());
    Files.writeString(hook, "#!/bin/sh\necho \"$0\" >> '" + marker + "'\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void hooksAndFsmonitorPlantedInARepositoryNeverRun() throws IOException {
    for (String hook :
        List.of("pre-commit", "post-commit", "post-checkout", "reference-transaction")) {
      plant(repo.resolve(".git/hooks/" + hook));
    }
    plant(temp.resolve("fsmonitor"));
    Files.writeString(
        repo.resolve(".git/config"),
        "[core]\n\tfsmonitor = " + temp.resolve("fsmonitor") + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(repo.resolve("NEW.md"), "new\n");

    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "a commit");
    git.run("update-ref", "refs/heads/other", "HEAD");
    Path tree = new Worktrees(temp.resolve("work")).addDetached(git, "t", "HEAD");

    assertThat(marker).doesNotExist();
    assertThat(tree.resolve("NEW.md")).exists();
  }

  @Test
  void gitSeesNoneOfTheWorkersSecretsNorItsHome() {
    String env = git.run("-c", "alias.showenv=!env", "showenv");

    assertThat(env.lines()).noneMatch(l -> l.startsWith("GITHUB_TOKEN="));
    assertThat(env.lines()).noneMatch(l -> l.startsWith("CODEGEN_API_KEY="));
    assertThat(env).doesNotContain("sentinel");
    assertThat(env.lines()).contains("GIT_CONFIG_NOSYSTEM=1", "GIT_TERMINAL_PROMPT=0", "LANG=C");
    String home =
        env.lines().filter(l -> l.startsWith("HOME=")).findFirst().orElseThrow().substring(5);
    assertThat(home).isNotEqualTo(System.getProperty("user.home"));
    assertThat(Path.of(home)).isEmptyDirectory();
  }

  @Test
  void stdoutIsReadApartFromStderr() {
    String out = git.run("-c", "alias.both=!echo out; echo err >&2", "both");

    assertThat(out).isEqualTo("out\n");
    assertThat(git.exec("-c", "alias.both=!echo out; echo err >&2", "both").errorOutput())
        .isEqualTo("err\n");
    assertThatThrownBy(() -> git.run("rev-parse", "--verify", "no-such-ref"))
        .isInstanceOf(GitException.class)
        .hasMessageContaining("Needed a single revision");
  }

  @Test
  void outputOverTheCapIsAnErrorNotATail() {
    Git capped = git.withOutputCap(64);

    assertThatThrownBy(() -> capped.run("log", "-p"))
        .isInstanceOf(GitException.class)
        .hasMessageContaining("wrote more than 64 bytes");
  }

  @Test
  void refsAreResolvedInProcessAsGitRevParseResolvesThem() {
    String head = git.run("rev-parse", "HEAD").strip();
    git.run("tag", "-a", "-m", "a tag", "v1");
    git.run("branch", "other");

    assertThat(git.resolve("HEAD")).contains(head);
    assertThat(git.resolve("refs/heads/other")).contains(head);
    assertThat(git.resolve("v1")).contains(head); // an annotated tag, peeled to its commit
    assertThat(git.resolve(head.substring(0, 12))).contains(head);
    assertThat(git.resolve("refs/heads/missing")).isEmpty();
    assertThat(git.resolve("HEAD:README.md")).isEmpty(); // a blob, not a commit
    assertThat(git.branchExists("other")).isTrue();
    assertThat(git.branchExists("missing")).isFalse();
  }

  @Test
  void aBranchMovedByGitIsSeenAtOnce() throws IOException {
    assertThat(git.resolve("refs/heads/other")).isEmpty();
    git.run("branch", "other");
    String before = git.resolve("refs/heads/other").orElseThrow();
    Files.writeString(repo.resolve("MOVED.md"), "moved\n");
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "moved");
    git.run("branch", "-f", "other", "HEAD");

    assertThat(git.resolve("refs/heads/other"))
        .contains(git.run("rev-parse", "HEAD").strip())
        .isNotEqualTo(java.util.Optional.of(before));
    git.run("branch", "-D", "other");
    assertThat(git.resolve("refs/heads/other")).isEmpty();
  }
}
