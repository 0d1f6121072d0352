package dev.prflow.activities.localgit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process ref reader behind task submission answers as the git command line would, and a
 * repository kept open never answers from stale refs: each request sees the refs as they are on
 * disk.
 */
class LocalRefsTest {

  @TempDir Path tmp;
  private Path dir;
  private Git git;
  private final LocalRefs refs = new LocalRefs();

  @BeforeEach
  void repository() throws Exception {
    dir = tmp.resolve("calc");
    Files.createDirectories(dir);
    git = new Git(dir);
    git.run("init", "-q", "-b", "main");
    commit("first");
  }

  @Test
  void aNewCommitOnTheBaseBranchIsSeenByTheNextLookup() throws Exception {
    LocalRefs.Refs r = refs.find(dir).orElseThrow();
    assertThat(r.commitOf("main")).contains(head("main"));

    commit("second");

    assertThat(refs.find(dir).orElseThrow().commitOf("main")).contains(head("main"));
  }

  @Test
  void aDeletedBranchIsSeenAtOnceLooseOrPacked() throws Exception {
    git.run("branch", "loose");
    git.run("branch", "packed");
    git.run("pack-refs", "--all");
    git.run("branch", "later");
    LocalRefs.Refs r = refs.find(dir).orElseThrow();
    assertThat(r.branchExists("loose")).isTrue();
    assertThat(r.branchExists("packed")).isTrue();
    assertThat(r.branchExists("later")).isTrue();

    git.run("branch", "-D", "packed");
    git.run("branch", "-D", "later");

    LocalRefs.Refs again = refs.find(dir).orElseThrow();
    assertThat(again.branchExists("packed")).isFalse();
    assertThat(again.branchExists("later")).isFalse();
    assertThat(again.branchExists("loose")).isTrue();
    assertThat(again.branchExists("never")).isFalse();
  }

  @Test
  void headPointingElsewhereChangesTheDefaultBranchAndADetachedHeadNamesNone() throws Exception {
    assertThat(refs.find(dir).orElseThrow().defaultBranch()).contains("main");
    git.run("branch", "develop");
    git.run("symbolic-ref", "HEAD", "refs/heads/develop");
    assertThat(refs.find(dir).orElseThrow().defaultBranch()).contains("develop");

    git.run("checkout", "-q", "--detach");
    assertThat(refs.find(dir).orElseThrow().defaultBranch()).isEmpty();
  }

  @Test
  void aBranchNamingATreeIsNoBranchAsForRevParseCommit() throws Exception {
    String tree = git.run("rev-parse", "main^{tree}").strip();
    // Git itself refuses to write this (update-ref checks); a hand-edited repository can hold it.
    Files.writeString(dir.resolve(".git/refs/heads/odd"), tree + "\n");
    assertThat(git.exec("rev-parse", "--verify", "--quiet", "refs/heads/odd^{commit}").succeeded())
        .isFalse();
    assertThat(refs.find(dir).orElseThrow().branchExists("odd")).isFalse();
  }

  @Test
  void aDeletedRepositoryIsNoLongerFoundAndARecreatedOneIsReadAfresh() throws Exception {
    assertThat(refs.find(dir)).isPresent();
    delete(dir);
    assertThat(refs.find(dir)).isEmpty();

    Files.createDirectories(dir);
    git.run("init", "-q", "-b", "trunk");
    commit("again");
    LocalRefs.Refs r = refs.find(dir).orElseThrow();
    assertThat(r.defaultBranch()).contains("trunk");
    assertThat(r.branchExists("main")).isFalse();
  }

  @Test
  void aDirectoryThatHoldsNoRepositoryIsNotFoundButOneInsideARepositoryIs() throws Exception {
    Path plain = tmp.resolve("plain");
    Files.createDirectories(plain);
    assertThat(refs.find(plain)).isEmpty();
    assertThat(refs.find(tmp.resolve("missing"))).isEmpty();

    Path sub = dir.resolve("src");
    Files.createDirectories(sub);
    assertThat(new Git(sub).isRepository()).isTrue();
    assertThat(refs.find(sub).orElseThrow().defaultBranch()).contains("main");
  }

  @Test
  void aLinkedWorktreeAndABareCloneAreRepositories() throws Exception {
    Path worktree = tmp.resolve("wt");
    git.run("worktree", "add", "-q", "-b", "side", worktree.toString());
    assertThat(refs.find(worktree).orElseThrow().defaultBranch()).contains("side");
    assertThat(refs.find(worktree).orElseThrow().branchExists("main")).isTrue();

    Path bare = tmp.resolve("bare.git");
    new Git(tmp).run("clone", "-q", "--bare", dir.toString(), bare.toString());
    assertThat(refs.find(bare).orElseThrow().commitOf("main")).contains(head("main"));
  }

  private void commit(String message) throws Exception {
    Files.writeString(dir.resolve("file.txt"), message + "\n");
    git.run("add", "file.txt");
    git.run("commit", "-q", "-m", message);
  }

  private String head(String branch) {
    return git.run("rev-parse", "refs/heads/" + branch).strip();
  }

  private static void delete(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
