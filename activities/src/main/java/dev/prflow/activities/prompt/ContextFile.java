package dev.prflow.activities.prompt;

import java.util.List;

/**
 * A file quoted in a prompt, with as much of its content as the limits allowed.
 *
 * @param size the whole file's size in bytes
 * @param terms the key terms it matched
 * @param content what is quoted (possibly cut short)
 * @param truncated whether {@code content} is only the beginning of the file
 */
record ContextFile(String path, long size, List<String> terms, String content, boolean truncated) {

  ContextFile {
    terms = List.copyOf(terms);
  }
}
