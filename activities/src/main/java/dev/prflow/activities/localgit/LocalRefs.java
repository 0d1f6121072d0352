package dev.prflow.activities.localgit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The refs of {@code local:} repositories, read in-process (JGit) so that submitting a task runs no
 * git command, and a worker's ref lookups ({@link Git#resolve}) start no process. A repository is
 * opened once per path and kept (at most {@link #CAPACITY}); its refs are not cached here: JGit
 * re-reads a loose ref or {@code packed-refs} whenever the file's snapshot (modification time,
 * size, inode) changed, so a moved, created or deleted branch, or a HEAD pointing elsewhere, is
 * seen by the next request. What is cached is immutable: which object ids name a commit.
 */
public final class LocalRefs {

  /** Repositories kept open; the least recently used one is closed beyond it. */
  static final int CAPACITY = 256;

  private final Map<Path, Repository> open =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Repository> eldest) {
          if (size() > CAPACITY) {
            eldest.getValue().close();
            return true;
          }
          return false;
        }
      };

  /** Object ids known to name a commit; a fact that never changes, so never stale. */
  private final Set<ObjectId> commits = ConcurrentHashMap.newKeySet();

  /** Beyond this many known commits the set starts over, to bound its memory. */
  static final int MAX_KNOWN_COMMITS = 100_000;

  /** One repository's refs, as the API asks about them. */
  public final class Refs {
    private final Repository repository;

    private Refs(Repository repository) {
      this.repository = repository;
    }

    /** The branch HEAD points at (as {@code git symbolic-ref --short HEAD}), if it names one. */
    public Optional<String> defaultBranch() {
      try {
        Ref head = repository.exactRef(Constants.HEAD);
        if (head == null || !head.isSymbolic()) {
          return Optional.empty();
        }
        return Optional.of(Repository.shortenRefName(head.getTarget().getName()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * The commit {@code rev} names, as {@code git rev-parse --verify --quiet rev^{commit}} answers;
     * empty when it names none.
     *
     * @throws UncheckedIOException when the repository cannot be read
     */
    public Optional<String> resolve(String rev) {
      try {
        ObjectId id = repository.resolve(rev + "^{commit}");
        return id == null ? Optional.empty() : Optional.of(id.name());
      } catch (RevisionSyntaxException
          | AmbiguousObjectException
          | IncorrectObjectTypeException no) {
        return Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Whether {@code refs/heads/<branch>} exists and names a commit ({@code ^{commit}}). */
    public boolean branchExists(String branch) {
      return commitOf(branch).isPresent();
    }

    /** The commit id {@code refs/heads/<branch>} names now, if it exists and names a commit. */
    public Optional<String> commitOf(String branch) {
      try {
        Ref ref = repository.exactRef(Constants.R_HEADS + branch);
        if (ref == null || ref.getObjectId() == null) {
          return Optional.empty();
        }
        ObjectId id = ref.getObjectId();
        return isCommit(repository, id) ? Optional.of(id.name()) : Optional.empty();
      } catch (IOException unreadable) {
        return Optional.empty();
      }
    }
  }

  /**
   * The repository holding {@code directory} (the directory itself, a worktree with a {@code .git}
   * file, a bare repository, or a directory inside one, as {@code git rev-parse --git-dir} finds
   * it), or empty when there is none.
   */
  public Optional<Refs> find(Path directory) {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    Path key = directory.toAbsolutePath().normalize();
    synchronized (open) {
      Repository cached = open.get(key);
      if (cached != null) {
        if (Files.isDirectory(cached.getDirectory().toPath())) {
          return Optional.of(new Refs(cached));
        }
        // Deleted (or moved) since: look again.
        open.remove(key);
        cached.close();
      }
    }
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(key.toFile());
    File gitDir = builder.getGitDir();
    if (gitDir == null) {
      return Optional.empty();
    }
    Repository repository;
    try {
      repository = builder.setMustExist(true).build();
    } catch (IOException | IllegalArgumentException notARepository) {
      return Optional.empty();
    }
    synchronized (open) {
      Repository raced = open.putIfAbsent(key, repository);
      if (raced != null) {
        repository.close();
        repository = raced;
      }
    }
    return Optional.of(new Refs(repository));
  }

  private boolean isCommit(Repository repository, ObjectId id) throws IOException {
    if (commits.contains(id)) {
      return true;
    }
    try (ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      if (!reader.has(id)) {
        return false;
      }
      RevObject object = walk.peel(walk.parseAny(id));
      boolean commit = object.getType() == Constants.OBJ_COMMIT;
      if (commit) {
        if (commits.size() >= MAX_KNOWN_COMMITS) {
          commits.clear();
        }
        commits.add(id.copy());
      }
      return commit;
    }
  }
}
