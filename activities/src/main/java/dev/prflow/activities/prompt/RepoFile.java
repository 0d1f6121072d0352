package dev.prflow.activities.prompt;

/**
 * One file of a committed tree, as {@code git ls-tree -l} lists it: enough to decide whether to
 * read it before paying for the read.
 *
 * @param path slash-separated, relative to the repository root
 * @param objectId the blob's object id
 * @param size bytes
 * @param mode git's file mode, e.g. {@code 100644}; {@code 120000} is a symbolic link
 */
public record RepoFile(String path, String objectId, long size, String mode) {

  public boolean symlink() {
    return "120000".equals(mode);
  }

  /** The last path segment. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** How many directories deep the file lies: 0 at the repository root. */
  public int depth() {
    return (int) path.chars().filter(c -> c == '/').count();
  }
}
