package dev.prflow.activities.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.diff.DiffLine;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.workflows.model.Finding;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RiskRulesTest {

  private final SecurityScanner scanner = new SecurityScanner(SecretRules.defaults());

  private List<Finding> risks(String path, String... lines) {
    List<DiffLine> added = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      added.add(new DiffLine(i + 1, lines[i]));
    }
    FileDiff file =
        new FileDiff(path, path, FileDiff.ChangeType.MODIFIED, false, added, List.of(), 0);
    return scanner.scan(List.of(file), ManifestSource.none()).risks();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "tls-verification-disabled | app.py | requests.get(url, verify=False)",
        "tls-verification-disabled | main.go | tls.Config{InsecureSkipVerify: true}",
        "tls-verification-disabled | a.js | new https.Agent({ rejectUnauthorized: false })",
        "tls-verification-disabled | Dockerfile | ENV NODE_TLS_REJECT_UNAUTHORIZED=0",
        "tls-verification-disabled | Http.java | conn.setHostnameVerifier((h, s) -> true);",
        "tls-verification-disabled | Http.java | builder.setHostnameVerifier(SSLSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER);",
        "tls-verification-disabled | Tm.java | public void checkServerTrusted(X509Certificate[] c, String a) {}",
        "tls-verification-disabled | run.sh | curl -sSk https://internal/api",
        "tls-verification-disabled | run.sh | curl --insecure https://internal/api",
        "code-eval | app.js | const result = eval(req.query.expr);",
        "code-eval | calc.py | value = eval(user_input)",
        "code-eval | job.py | exec(payload)",
        "code-eval | Run.java | Runtime.getRuntime().exec(\"convert \" + fileName);",
        "sql-string-concatenation | Dao.java | String q = \"SELECT * FROM users WHERE id = \" + id;",
        "sql-string-concatenation | dao.py | cur.execute(f\"DELETE FROM orders WHERE id = {order_id}\")",
        "sql-string-concatenation | dao.py | cur.execute(\"UPDATE users SET name = '%s'\" % name)",
        "sql-string-concatenation | Dao.java | String q = String.format(\"SELECT * FROM t WHERE a = '%s'\", a);",
        "sql-string-concatenation | dao.ts | db.query(`SELECT * FROM users WHERE email = '${email}'`)",
        "shell-command-from-string | tool.py | subprocess.run(cmd, shell=True)",
        "shell-command-from-string | tool.py | os.system(\"rm -rf \" + path)",
        "shell-command-from-string | tool.py | os.system(f\"tar xf {archive}\")",
        "shell-command-from-string | Build.java | new ProcessBuilder(\"sh\", \"-c\", \"make \" + target).start();",
        "shell-command-from-string | build.js | child_process.exec(`git checkout ${branch}`)",
        "cors-wildcard-with-credentials | server.js | app.use(cors({ origin: '*', credentials: true }));",
        "weak-password-hash | User.java | String h = DigestUtils.md5Hex(password);",
        "weak-password-hash | users.py | digest = hashlib.sha1(pwd.encode()).hexdigest()",
      })
  void givenRiskyCode_whenScanned_itIsReportedWithASuggestion(
      String rule, String path, String line) {
    List<Finding> found = risks(path, line);

    assertThat(found).extracting(Finding::rule).containsExactly(rule);
    Finding finding = found.get(0);
    assertThat(finding.category()).isEqualTo("risk");
    assertThat(finding.severity()).isIn("warning", "error");
    assertThat(finding.line()).isEqualTo(1);
    assertThat(finding.message()).endsWith(" in " + path);
    assertThat(finding.suggestion()).isNotBlank();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "train.py | model.eval()",
        "app.js | const re = /a/; re.exec(text);",
        "calc.py | eval('1 + 2')",
        "Dao.java | PreparedStatement ps = conn.prepareStatement(\"SELECT * FROM users WHERE id = ?\");",
        "dao.py | cur.execute(\"SELECT * FROM users WHERE id = %s\", (user_id,))",
        "dao.ts | const rows = await sql`SELECT * FROM users WHERE id = ${id}`;",
        "tool.py | subprocess.run([\"git\", \"status\"], check=True)",
        "app.py | requests.get(url, verify=True)",
        "run.sh | curl -fsSL https://example.org/install.sh -o install.sh",
        "Hash.java | byte[] etag = MessageDigest.getInstance(\"MD5\").digest(body);",
        "server.js | app.use(cors({ origin: 'https://app.example.org', credentials: true }));",
      })
  void givenSimilarButSafeCode_whenScanned_nothingIsReported(String path, String line) {
    assertThat(risks(path, line)).isEmpty();
  }

  @Test
  void givenWildcardOriginAndCredentialsOnDifferentLines_whenScanned_oneFindingPointsAtTheOrigin() {
    List<Finding> found =
        risks(
            "src/main/java/com/acme/WebConfig.java",
            "registry.addMapping(\"/**\")",
            "    .allowedOrigins(\"*\")",
            "    .allowCredentials(true);");

    assertThat(found)
        .extracting(Finding::rule, Finding::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("cors-wildcard-with-credentials", 2));
    assertThat(found.get(0).message()).contains("credentials allowed on line 3");
  }

  @Test
  void givenWildcardHeaderWithoutCredentials_whenScanned_nothingIsReported() {
    assertThat(risks("server.py", "resp.headers['Access-Control-Allow-Origin'] = '*'")).isEmpty();
    assertThat(
            risks(
                "server.py",
                "resp.headers['Access-Control-Allow-Origin'] = '*'",
                "resp.headers['Access-Control-Allow-Credentials'] = 'true'"))
        .extracting(Finding::rule)
        .containsExactly("cors-wildcard-with-credentials");
  }

  @Test
  void everyRiskRuleIdIsDistinctAndDocumented() {
    assertThat(RiskRules.ids())
        .containsExactly(
            "tls-verification-disabled",
            "code-eval",
            "sql-string-concatenation",
            "shell-command-from-string",
            "weak-password-hash",
            "cors-wildcard-with-credentials");
  }
}
