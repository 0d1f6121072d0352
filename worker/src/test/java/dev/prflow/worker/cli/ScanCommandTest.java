package dev.prflow.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prflow scan}: the pipeline's scanner on a directory or a diff, in three formats. */
class ScanCommandTest {

  /** A well-formed, never-issued AWS access key id (the pipeline tests plant the same). */
  private static final String KEY_ID = "AKIAZ7Q3M4XKJ2PBWN5R";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ENV = Map.of();

  @TempDir Path dir;

  private Path plantedRepository() throws Exception {
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(
        dir.resolve("config/deploy.yml"),
        "region: eu-west-1\nbucket: reports\naws_access_key_id: " + KEY_ID + "\n");
    Files.writeString(dir.resolve("README.md"), "# demo\nNothing to see.\n");
    return dir;
  }

  @Test
  void plantedAwsKeyIsFoundAtItsLineRedactedAndExitsOne() throws Exception {
    CliRun run = CliRun.run(ENV, "scan", plantedRepository().toString());

    assertThat(run.exit()).as(run.all()).isEqualTo(1);
    assertThat(run.out())
        .contains("config/deploy.yml:3  error  aws-access-key-id  ")
        .contains("AKIA…")
        .contains("1 finding (1 error) in 2 file(s)");
    assertThat(run.all()).doesNotContain(KEY_ID);
  }

  @Test
  void cleanDirectoryExitsZero() throws Exception {
    Files.writeString(dir.resolve("Main.java"), "class Main { int answer() { return 42; } }\n");

    CliRun run = CliRun.run(ENV, "scan", dir.toString());

    assertThat(run.exit()).as(run.all()).isZero();
    assertThat(run.out()).contains("no findings in 1 file(s)");
  }

  @Test
  void gitDirectoryAndBinaryFilesAreNotScanned() throws Exception {
    Files.createDirectories(dir.resolve(".git/objects"));
    Files.writeString(dir.resolve(".git/config"), "key = " + KEY_ID + "\n");
    byte[] binary = ("\0\1\2aws_access_key_id: " + KEY_ID).getBytes();
    Files.write(dir.resolve("image.png"), binary);
    Files.writeString(dir.resolve("notes.txt"), "all clear\n");

    CliRun run = CliRun.run(ENV, "scan", dir.toString());

    assertThat(run.exit()).as(run.all()).isZero();
    assertThat(run.out()).contains("no findings in 1 file(s), 1 binary skipped");
  }

  @Test
  void riskyCodeIsReportedWithItsSeverity() throws Exception {
    Files.writeString(
        dir.resolve("fetch.py"), "import requests\n\nrequests.get(url, verify=False)\n");

    CliRun run = CliRun.run(ENV, "scan", dir.toString(), "--format", "json");

    assertThat(run.exit()).as(run.all()).isEqualTo(1);
    JsonNode findings = JSON.readTree(run.out());
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).path("rule").asText()).isEqualTo("tls-verification-disabled");
    assertThat(findings.get(0).path("file").asText()).isEqualTo("fetch.py");
    assertThat(findings.get(0).path("line").asInt()).isEqualTo(3);
    assertThat(findings.get(0).path("category").asText()).isEqualTo("risk");
  }

  @Test
  void jsonIsAStableArraySortedByFileAndLine() throws Exception {
    plantedRepository();
    Files.writeString(dir.resolve("b.py"), "x = 1\nrequests.get(u, verify=False)\n");

    CliRun first = CliRun.run(ENV, "scan", dir.toString(), "--format", "json");
    CliRun second = CliRun.run(ENV, "scan", dir.toString(), "--format", "json");

    assertThat(first.exit()).isEqualTo(1);
    assertThat(first.out()).isEqualTo(second.out());
    JsonNode findings = JSON.readTree(first.out());
    assertThat(findings.findValuesAsText("file")).containsExactly("b.py", "config/deploy.yml");
    assertThat(findings.get(1).fieldNames())
        .toIterable()
        .containsExactly("file", "line", "rule", "category", "severity", "message", "suggestion");
    assertThat(first.out()).doesNotContain(KEY_ID);
  }

  @Test
  void sarifHasWhatGitHubCodeScanningNeeds() throws Exception {
    plantedRepository();
    Path sarif = dir.resolve("out/prflow.sarif");

    CliRun run =
        CliRun.run(ENV, "scan", dir.toString(), "--format", "sarif", "--output", sarif.toString());

    assertThat(run.exit()).as(run.all()).isEqualTo(1);
    assertThat(run.out()).contains("1 finding (1 error)").contains("sarif written to " + sarif);
    JsonNode root = JSON.readTree(Files.readString(sarif));
    assertThat(root.path("version").asText()).isEqualTo("2.1.0");
    assertThat(root.path("$schema").asText()).contains("sarif-2.1.0");
    JsonNode run0 = root.path("runs").get(0);
    JsonNode driver = run0.path("tool").path("driver");
    assertThat(driver.path("name").asText()).isEqualTo("prflow");
    assertThat(driver.path("informationUri").asText()).startsWith("https://");
    assertThat(driver.path("rules").findValuesAsText("id")).containsExactly("aws-access-key-id");
    JsonNode result = run0.path("results").get(0);
    assertThat(result.path("ruleId").asText()).isEqualTo("aws-access-key-id");
    assertThat(result.path("level").asText()).isEqualTo("error");
    assertThat(result.path("message").path("text").asText()).contains("AKIA…");
    JsonNode location = result.path("locations").get(0).path("physicalLocation");
    assertThat(location.path("artifactLocation").path("uri").asText())
        .isEqualTo("config/deploy.yml");
    assertThat(location.path("region").path("startLine").asInt()).isEqualTo(3);
    assertThat(Files.readString(sarif)).doesNotContain(KEY_ID);
  }

  @Test
  void unifiedDiffIsScannedOnItsAddedLinesOnly() throws Exception {
    Path diff = dir.resolve("change.diff");
    Files.writeString(
        diff,
        """
        diff --git a/app/settings.properties b/app/settings.properties
        index 1111111..2222222 100644
        --- a/app/settings.properties
        +++ b/app/settings.properties
        @@ -10,3 +10,4 @@ name=demo
         region=eu-west-1
        -old_key=AKIAQ4LMXZ7R2PBWN5TE
         bucket=reports
        +aws_access_key_id=%s
        """
            .formatted(KEY_ID));

    CliRun run = CliRun.run(ENV, "scan", diff.toString());

    assertThat(run.exit()).as(run.all()).isEqualTo(1);
    assertThat(run.out())
        .contains("app/settings.properties:12  error  aws-access-key-id")
        .contains("1 finding (1 error) in 1 file(s) of the diff");
    assertThat(run.all()).doesNotContain(KEY_ID).doesNotContain("AKIAQ4LMXZ7R2PBWN5TE");
  }

  @Test
  void diffOnStdinIsScanned() {
    String diff =
        """
        diff --git a/.env b/.env
        new file mode 100644
        --- /dev/null
        +++ b/.env
        @@ -0,0 +1 @@
        +AWS_ACCESS_KEY_ID=%s
        """
            .formatted(KEY_ID);

    CliRun run = CliRun.withStdin(ENV, diff, "scan", "-", "--format", "json");

    assertThat(run.exit()).as(run.all()).isEqualTo(1);
    assertThat(run.out()).contains("\"file\" : \".env\"").contains("\"line\" : 1");
  }

  @Test
  void teamGitleaksConfigAtTheRootReplacesTheDefaultRules() throws Exception {
    Files.writeString(
        dir.resolve(".gitleaks.toml"),
        """
        [[rules]]
        id = "acme-token"
        description = "ACME internal token"
        regex = '''acme_[a-z0-9]{24}'''
        keywords = ["acme_"]
        """);
    Files.writeString(dir.resolve("app.cfg"), "token = acme_0123456789abcdefghijklmn\n");

    CliRun run = CliRun.run(ENV, "scan", dir.toString());

    assertThat(run.exit()).as(run.all()).isEqualTo(1);
    assertThat(run.out()).contains("app.cfg:1  error  acme-token");
    assertThat(run.err()).contains("secret rules from .gitleaks.toml");
  }

  @Test
  void brokenGitleaksConfigFallsBackToTheDefaultRulesAndSaysSo() throws Exception {
    plantedRepository();
    Files.writeString(dir.resolve(".gitleaks.toml"), "[[rules]]\nid = \"no-regex\"\n");

    CliRun run = CliRun.run(ENV, "scan", dir.toString());

    assertThat(run.exit()).as(run.all()).isEqualTo(1);
    assertThat(run.out()).contains("aws-access-key-id");
    assertThat(run.err()).contains(".gitleaks.toml ignored, prflow's default rules used");
  }

  @Test
  void unusableInputExitsTwo() throws Exception {
    Path notADiff = dir.resolve("notes.txt");
    Files.writeString(notADiff, "just some text\n");

    CliRun missing = CliRun.run(ENV, "scan", dir.resolve("nowhere").toString());
    CliRun plain = CliRun.run(ENV, "scan", notADiff.toString());
    CliRun format = CliRun.run(ENV, "scan", dir.toString(), "--format", "xml");

    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file or directory");
    assertThat(plain.exit()).isEqualTo(2);
    assertThat(plain.err()).contains("is not a unified diff");
    assertThat(format.exit()).isEqualTo(2);
    assertThat(format.err()).contains("--format must be text, json or sarif");
  }
}
