package dev.prflow.activities.localgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.demo.DemoRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git directories of a worktree, read without git, are the ones git itself names. */
class GitLayoutTest {

  @TempDir Path temp;

  private static Path asked(Path worktree, String which) {
    return Path.of(new Git(worktree).run("rev-parse", "--path-format=absolute", which).strip());
  }

  private static void sameAsGit(Path worktree) throws IOException {
    GitLayout read = GitLayout.read(worktree).orElseThrow();
    assertThat(read.gitDir()).isEqualTo(asked(worktree, "--absolute-git-dir").toRealPath());
    assertThat(read.commonDir()).isEqualTo(asked(worktree, "--git-common-dir").toRealPath());
    assertThat(GitLayout.of(worktree)).isEqualTo(read);
  }

  @Test
  void aRepositorysMainWorktreeIsReadAsGitNamesIt() throws IOException {
    sameAsGit(DemoRepository.create(temp.resolve("repo")));
  }

  @Test
  void aLinkedWorktreeNamesItsOwnDirectoryAndTheRepositorysAsGitDoes() throws IOException {
    Git repo = new Git(DemoRepository.create(temp.resolve("repo")));
    Path tree = new Worktrees(temp.resolve("work")).addDetached(repo, "t", "HEAD");

    GitLayout layout = GitLayout.read(tree).orElseThrow();

    assertThat(layout.gitDir()).isNotEqualTo(layout.commonDir());
    assertThat(layout.gitDir()).startsWith(layout.commonDir().resolve("worktrees"));
    sameAsGit(tree);
  }

  @Test
  void aGitFileThatIsNotAPointerIsLeftToGit() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("odd"));
    Files.writeString(dir.resolve(".git"), "not a pointer\n");

    assertThat(GitLayout.read(dir)).isEmpty();
  }

  @Test
  void aPointerToNowhereIsLeftToGit() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("dangling"));
    Files.writeString(dir.resolve(".git"), "gitdir: " + temp.resolve("gone") + "\n");

    assertThat(GitLayout.read(dir)).isEmpty();
  }

  @Test
  void removingAWorktreeForgetsIt() {
    Git repo = new Git(DemoRepository.create(temp.resolve("repo")));
    Worktrees worktrees = new Worktrees(temp.resolve("work"));
    Path tree = worktrees.addDetached(repo, "t", "HEAD");

    worktrees.remove(repo, tree);

    assertThat(tree).doesNotExist();
    assertThat(repo.lines("worktree", "list", "--porcelain"))
        .noneMatch(line -> line.contains(tree.getFileName().toString()));
  }
}
