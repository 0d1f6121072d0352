package dev.prflow.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IssueMarkdownTest {

  @Test
  void checklistItemsCheckedOrNotBecomeCriteria() {
    String body = "Intro\n- [ ] first\n* [x] second\n+ [X] third\n  - [ ] nested counts too\n";

    assertThat(IssueMarkdown.checklist(body))
        .containsExactly("first", "second", "third", "nested counts too");
  }

  @Test
  void plainTopLevelBulletsBecomeRequirements() {
    String body =
        "- one\n* two\n   + three\n    - indented code, not a bullet\n- [ ] a criterion\n";

    assertThat(IssueMarkdown.bullets(body)).containsExactly("one", "two", "three");
  }

  @Test
  void fencedCodeAndThematicBreaksAreSkipped() {
    String body = "```\n- [ ] in code\n- in code\n```\n* * *\n~~~~\n- tilde code\n~~~~\n- real\n";

    assertThat(IssueMarkdown.checklist(body)).isEmpty();
    assertThat(IssueMarkdown.bullets(body)).containsExactly("real");
  }

  @Test
  void emptyBodyAndEmptyItemsGiveNothing() {
    assertThat(IssueMarkdown.checklist(null)).isEmpty();
    assertThat(IssueMarkdown.bullets("")).isEmpty();
    assertThat(IssueMarkdown.checklist("- [ ]\n- [ ]   \n")).isEmpty();
  }

  @Test
  void keepsAtMostFiftyItemsOfAtMostTwoThousandCharacters() {
    String many =
        IntStream.rangeClosed(1, 60)
            .mapToObj(i -> "- [ ] item " + i)
            .collect(Collectors.joining("\n"));
    List<String> items = IssueMarkdown.checklist(many);
    assertThat(items).hasSize(50).endsWith("item 50");

    String longItem = "- [ ] " + "é".repeat(2_500);
    assertThat(IssueMarkdown.checklist(longItem).get(0)).hasSize(2_000);
  }
}
