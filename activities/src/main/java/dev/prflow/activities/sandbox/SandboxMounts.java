package dev.prflow.activities.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * What one sandboxed command may touch besides the read-only root file system and its private
 * {@code /tmp}.
 *
 * @param writable the worktree (and scratch directories) the command works in, bound read-write
 * @param readOnly paths bound back read-only over the hidden directories: the repository's git
 *     directory, the prompt file
 * @param network false adds {@code --unshare-net}: no interface but a loopback of its own
 */
public record SandboxMounts(List<Path> writable, List<Path> readOnly, boolean network) {

  public SandboxMounts {
    writable = List.copyOf(writable);
    readOnly = List.copyOf(readOnly);
  }
}
