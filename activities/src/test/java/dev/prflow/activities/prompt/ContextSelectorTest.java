package dev.prflow.activities.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContextSelectorTest {

  private static RepoFile file(String path, long size) {
    return new RepoFile(path, "0".repeat(40), size, "100644");
  }

  @Test
  void pathMatchOutranksContentMatch() {
    List<RepoFile> files = List.of(file("docs/notes.md", 10), file("src/Cache.java", 10));
    Map<String, Set<String>> content = Map.of("docs/notes.md", Set.of("cache"));

    List<RankedFile> ranked = ContextSelector.rank(files, List.of("cache"), content);

    assertThat(ranked)
        .extracting(RankedFile::path)
        .containsExactly("src/Cache.java", "docs/notes.md");
  }

  @Test
  void pathMatchesWholeWordsNotFragments() {
    List<RepoFile> files =
        List.of(
            file("src/GeneratedPrompt.java", 1),
            file("src/RateLimiter.java", 1),
            file("src/rate_cards/entries.txt", 1));

    List<RankedFile> ranked = ContextSelector.rank(files, List.of("rate", "entry"), Map.of());

    assertThat(ranked)
        .extracting(RankedFile::path)
        .containsExactly("src/rate_cards/entries.txt", "src/RateLimiter.java");
  }

  @Test
  void moreDistinctTermsRankHigherAndTiesGoByPath() {
    List<RepoFile> files =
        List.of(file("b/Two.java", 1), file("a/One.java", 1), file("c/Three.java", 1));
    Map<String, Set<String>> content =
        Map.of(
            "a/One.java", Set.of("alpha"),
            "b/Two.java", Set.of("alpha"),
            "c/Three.java", Set.of("alpha", "beta"));

    List<RankedFile> ranked = ContextSelector.rank(files, List.of("alpha", "beta"), content);

    assertThat(ranked)
        .extracting(RankedFile::path)
        .containsExactly("c/Three.java", "a/One.java", "b/Two.java");
  }

  @Test
  void skipsVendoredLockfilesBinariesSymlinksAndLargeFiles() {
    List<RepoFile> files =
        List.of(
            file("node_modules/cache/index.js", 10),
            file("web/vendor/cache.go", 10),
            file("target/classes/Cache.class", 10),
            file("package-lock.json", 10),
            file("img/cache.png", 10),
            file("data/cache.csv", ContextSelector.MAX_CANDIDATE_BYTES + 1),
            new RepoFile("cache-link", "0".repeat(40), 5, "120000"),
            file("src/cache.ts", 10));
    Map<String, Set<String>> content = Map.of("package-lock.json", Set.of("cache"));

    assertThat(ContextSelector.rank(files, List.of("cache"), content))
        .extracting(RankedFile::path)
        .containsExactly("src/cache.ts");
  }

  @Test
  void truncatesAtLineEndWithinByteLimit() {
    String text = "line one\nline two\nline three\n";

    String cut = ContextSelector.truncate(text, 20);

    assertThat(cut).isEqualTo("line one\nline two\n");
    assertThat(ContextSelector.truncate(text, 1_000)).isSameAs(text);
  }

  @Test
  void truncationNeverSplitsAMultiByteCharacter() {
    String text = "ééééé"; // 10 bytes

    String cut = ContextSelector.truncate(text, 5);

    assertThat(cut).isEqualTo("éé");
    assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(5);
  }

  @Test
  void detectsBinaryContent() {
    assertThat(ContextSelector.looksBinary("abc\0def")).isTrue();
    assertThat(ContextSelector.looksBinary("\uFFFD\uFFFD\uFFFDab")).isTrue();
    assertThat(ContextSelector.looksBinary("plain text, café")).isFalse();
  }
}
