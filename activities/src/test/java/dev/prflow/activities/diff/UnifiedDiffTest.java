package dev.prflow.activities.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

  private static final String DIFF =
      """
      diff --git a/src/App.java b/src/App.java
      index 1111111..2222222 100644
      --- a/src/App.java
      +++ b/src/App.java
      @@ -10,3 +10,4 @@ class App {
         int a = 1;
      -  int b = 2;
      +  int b = 3;
      +  int c = 4;
         int d = 5;
      diff --git a/new.txt b/new.txt
      new file mode 100644
      index 0000000..3333333
      --- /dev/null
      +++ b/new.txt
      @@ -0,0 +1,2 @@
      +hello
      +world
      diff --git a/gone.txt b/gone.txt
      deleted file mode 100644
      --- a/gone.txt
      +++ /dev/null
      @@ -1 +0,0 @@
      -bye
      diff --git a/logo.png b/logo.png
      new file mode 100644
      Binary files /dev/null and b/logo.png differ
      diff --git a/old name.txt b/new name.txt
      similarity index 90%
      rename from old name.txt
      rename to new name.txt
      """;

  @Test
  void addedLinesCarryTheirNewLineNumbers() {
    FileDiff app = UnifiedDiff.parse(DIFF).get(0);
    assertThat(app.path()).isEqualTo("src/App.java");
    assertThat(app.type()).isEqualTo(FileDiff.ChangeType.MODIFIED);
    assertThat(app.added())
        .containsExactly(new DiffLine(11, "  int b = 3;"), new DiffLine(12, "  int c = 4;"));
    assertThat(app.removed()).containsExactly(new DiffLine(11, "  int b = 2;"));
  }

  @Test
  void recognisesAddedDeletedBinaryAndRenamedFiles() {
    List<FileDiff> files = UnifiedDiff.parse(DIFF);
    assertThat(files)
        .extracting(FileDiff::path)
        .containsExactly("src/App.java", "new.txt", "gone.txt", "logo.png", "new name.txt");
    assertThat(files.get(1).type()).isEqualTo(FileDiff.ChangeType.ADDED);
    assertThat(files.get(1).added()).extracting(DiffLine::line).containsExactly(1, 2);
    assertThat(files.get(2).type()).isEqualTo(FileDiff.ChangeType.DELETED);
    assertThat(files.get(3).binary()).isTrue();
    assertThat(files.get(4).type()).isEqualTo(FileDiff.ChangeType.RENAMED);
    assertThat(files.get(4).oldPath()).isEqualTo("old name.txt");
  }

  @Test
  void cutsHugeLinesAndCountsThem() {
    String huge = "x".repeat(UnifiedDiff.MAX_LINE_CHARS * 3);
    String diff = "diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -0,0 +1 @@\n+" + huge + "\n";
    FileDiff file = UnifiedDiff.parse(diff).get(0);
    assertThat(file.added().get(0).text()).hasSize(UnifiedDiff.MAX_LINE_CHARS);
    assertThat(file.longLinesCut()).isEqualTo(1);
  }

  @Test
  void toleratesGarbage() {
    assertThat(UnifiedDiff.parse("not a diff\n@@ nonsense\n+x\n")).isEmpty();
    assertThat(UnifiedDiff.parse("diff --git a/x b/x\n@@ broken @@\n+y\n").get(0).added())
        .isEmpty();
  }
}
