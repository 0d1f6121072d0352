package dev.prflow.activities.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.prflow.activities.diff.DiffLine;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.activities.diff.UnifiedDiff;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.SecurityResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityScannerTest {

  // Synthetic values in real formats; not credentials.
  private static final String KEY_ID = "AKIAX2FJUGD6TXKIC26A";
  private static final String SECRET_KEY = "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";
  private static final String GITHUB = "ghp_Qm7Rt2Vx9Kp4Ws6Yb1Nc8Hd3Jf5Lg0Zs7Ta2";

  private final SecurityScanner scanner = new SecurityScanner(SecretRules.defaults());

  private static FileDiff file(String path, String... lines) {
    List<DiffLine> added = new java.util.ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      added.add(new DiffLine(i + 1, lines[i]));
    }
    return new FileDiff(path, path, FileDiff.ChangeType.MODIFIED, false, added, List.of(), 0);
  }

  @Test
  void givenAnAwsKeyPair_whenScanned_itReportsBothWithLineNumbersAndNeverTheWholeSecret() {
    String diff =
        """
        diff --git a/config/app.yml b/config/app.yml
        --- a/config/app.yml
        +++ b/config/app.yml
        @@ -1,2 +1,4 @@
         aws:
           region: eu-west-1
        +  aws_access_key_id: %s
        +  aws_secret_access_key: %s
        """
            .formatted(KEY_ID, SECRET_KEY);

    SecurityResult result = scanner.scan(UnifiedDiff.parse(diff), ManifestSource.none());

    assertThat(result.secrets())
        .extracting(Finding::rule, Finding::line, Finding::file)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("aws-access-key-id", 3, "config/app.yml"),
            org.assertj.core.groups.Tuple.tuple("aws-secret-access-key", 4, "config/app.yml"));
    assertThat(result.secrets().get(0).message())
        .isEqualTo("AWS access key id AKIA… in config/app.yml");
    assertThat(result.secrets().get(1).message())
        .isEqualTo("AWS secret access key q8Zr… in config/app.yml");
    assertThat(result.secrets())
        .allSatisfy(
            f -> {
              assertThat(f.category()).isEqualTo("security");
              assertThat(f.severity()).isEqualTo("error");
              assertThat(f.suggestion()).isNotBlank();
            });
    assertThat(result.toString()).doesNotContain(KEY_ID).doesNotContain(SECRET_KEY);
  }

  @Test
  void givenALineWithoutAnyKeyword_whenScanned_theRuleRegexNeverRuns() {
    SecretRules rules =
        SecretRules.fromToml(
            """
            [[rules]]
            id = "pin"
            description = "PIN"
            regex = '''([0-9]{6})'''
            keywords = ["pin"]
            """);
    SecurityScanner pinScanner = new SecurityScanner(rules);

    SecurityResult result =
        pinScanner.scan(
            List.of(file("notes.txt", "order 123456 shipped", "PIN: 654321")),
            ManifestSource.none());

    assertThat(result.secrets()).extracting(Finding::line).containsExactly(2);
    assertThat(pinScanner.lastRegexEvaluations()).isEqualTo(1);
  }

  @Test
  void givenACatastrophicRegex_whenScanningALongLine_itGivesUpQuicklyAndSaysSo() {
    SecretRules rules =
        SecretRules.fromToml(
            """
            [[rules]]
            id = "hostile"
            regex = '''(a+)+$'''
            """);
    String line = "a".repeat(5_000) + "!";

    SecurityResult result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () ->
                new SecurityScanner(rules)
                    .scan(List.of(file("evil.txt", line, line)), ManifestSource.none()));

    assertThat(result.secrets()).isEmpty();
    assertThat(result.skipped())
        .anySatisfy(s -> assertThat(s).startsWith("evil.txt:1: rule hostile skipped"))
        .anySatisfy(s -> assertThat(s).startsWith("evil.txt:2: rule hostile skipped"));
  }

  @Test
  void givenATenMegabyteSingleLineDiff_whenScanned_itFinishesAndReportsTheCut() {
    String huge = "const blob = '" + GITHUB + "'; " + "x=1;".repeat(10 * 1024 * 1024 / 4);
    String diff =
        "diff --git a/web/bundle.js b/web/bundle.js\n--- a/web/bundle.js\n+++ b/web/bundle.js\n"
            + "@@ -0,0 +1 @@\n+"
            + huge
            + "\n";

    SecurityResult parsed =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> scanner.scan(UnifiedDiff.parse(diff), ManifestSource.none()));
    SecurityResult raw =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> scanner.scan(List.of(file("web/bundle.js", huge)), ManifestSource.none()));

    assertThat(parsed.secrets()).extracting(Finding::rule).containsExactly("github-classic-pat");
    assertThat(parsed.skipped()).anySatisfy(s -> assertThat(s).contains("longer than 20000"));
    assertThat(raw.secrets()).extracting(Finding::rule).containsExactly("github-classic-pat");
    assertThat(raw.skipped())
        .anySatisfy(s -> assertThat(s).contains("web/bundle.js:1: only the first 20000"));
  }

  @Test
  void givenABinaryFile_whenScanned_itIsSkippedAndListed() {
    FileDiff png =
        new FileDiff(
            "logo.png", "logo.png", FileDiff.ChangeType.ADDED, true, List.of(), List.of(), 0);

    SecurityResult result = scanner.scan(List.of(png), ManifestSource.none());

    assertThat(result.skipped()).containsExactly("logo.png: binary file, not scanned");
  }

  @Test
  void givenInvalidUtf8_whenDecodedAndScanned_itDoesNotCrashAndStillFindsSecrets() {
    byte[] prefix =
        ("diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -0,0 +1,2 @@\n+\u00ff")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] junk = {(byte) 0xC3, (byte) 0x28, (byte) 0xF0, (byte) 0x9F, '\n', '+'};
    byte[] tail = ("token " + GITHUB + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[prefix.length + junk.length + tail.length];
    System.arraycopy(prefix, 0, all, 0, prefix.length);
    System.arraycopy(junk, 0, all, prefix.length, junk.length);
    System.arraycopy(tail, 0, all, prefix.length + junk.length, tail.length);
    String text = new String(all, StandardCharsets.UTF_8);

    SecurityResult result = scanner.scan(UnifiedDiff.parse(text), ManifestSource.none());

    assertThat(text).contains("\uFFFD");
    assertThat(result.secrets()).extracting(Finding::line).containsExactly(2);
  }

  @Test
  void givenDocumentedExamplesAndLockfiles_whenScanned_theAllowlistKeepsThemQuiet() {
    SecurityResult result =
        scanner.scan(
            List.of(
                file("docs/aws.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE"),
                file("config/app.yml", "  password: \"${DB_PASSWORD}\""),
                file("package-lock.json", "  \"token\": \"" + GITHUB + "\"")),
            ManifestSource.none());

    assertThat(result.secrets()).isEmpty();
    assertThat(result.skipped())
        .containsExactly("package-lock.json: allowlisted path, not scanned for secrets");
  }

  @Test
  void givenAValueTwoRulesMatch_whenScanned_itIsReportedOnceByTheSpecificRule() {
    SecurityResult result =
        scanner.scan(
            List.of(file("src/client.ts", "const token = \"" + GITHUB + "\";")),
            ManifestSource.none());

    assertThat(result.secrets()).extracting(Finding::rule).containsExactly("github-classic-pat");
  }

  @Test
  void givenTheScanTimeBudgetIsSpent_whenScanning_theRemainingFilesAreListedAsSkipped() {
    ScanLimits none =
        new ScanLimits(200, 200_000, Duration.ofMillis(100), Duration.ZERO, 20_000, 100);
    List<String> lines = java.util.Collections.nCopies(200, "int x = 1;");
    FileDiff big = file("A.java", lines.toArray(String[]::new));

    SecurityResult result =
        new SecurityScanner(SecretRules.defaults(), none)
            .scan(List.of(big, file("B.java", "x")), ManifestSource.none());

    assertThat(result.skipped())
        .anySatisfy(s -> assertThat(s).contains("A.java: secret scan stopped"))
        .anySatisfy(
            s -> assertThat(s).isEqualTo("1 more file(s) not scanned (scan time budget spent)"));
  }

  @Test
  void givenNoFilesAtAll_whenScanned_theResultIsEmpty() {
    SecurityResult result = scanner.scan(List.of(), ManifestSource.none());

    assertThat(result.secrets()).isEmpty();
    assertThat(result.risks()).isEmpty();
    assertThat(result.dependencies()).isEmpty();
    assertThat(result.skipped()).isEmpty();
  }

  @Test
  void givenWholeFilesWithAManifest_whenScannedAsLines_itFindsSecretsAndComparesNoDependencies() {
    FileDiff pom =
        file("pom.xml", "<project>", "<!-- aws_access_key_id = " + KEY_ID + " -->", "</project>");
    FileDiff added =
        new FileDiff(pom.path(), null, FileDiff.ChangeType.ADDED, false, pom.added(), List.of(), 0);

    SecurityResult lines = scanner.scanLines(List.of(added));
    SecurityResult asPullRequest = scanner.scan(List.of(added), ManifestSource.none());

    assertThat(lines.secrets()).extracting(Finding::line).containsExactly(2);
    assertThat(lines.dependencies()).isEmpty();
    assertThat(lines.skipped()).isEmpty();
    assertThat(asPullRequest.skipped()).anyMatch(note -> note.startsWith("pom.xml: manifest"));
  }
}
