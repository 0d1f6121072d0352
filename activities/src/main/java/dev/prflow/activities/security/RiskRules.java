package dev.prflow.activities.security;

import dev.prflow.activities.diff.DiffLine;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.workflows.model.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Risky code in added lines: switched-off TLS checks, eval/exec of data, SQL and shell commands
 * built from strings, wildcard CORS with credentials, MD5/SHA-1 near passwords. These are
 * line-level heuristics meant to make a reviewer look, so each finding says what to do instead.
 */
final class RiskRules {

  static final String CATEGORY = "risk";

  static final String TLS = "tls-verification-disabled";
  static final String EVAL = "code-eval";
  static final String SQL = "sql-string-concatenation";
  static final String SHELL = "shell-command-from-string";
  static final String CORS = "cors-wildcard-with-credentials";
  static final String WEAK_HASH = "weak-password-hash";

  private static final Pattern JS = Pattern.compile("(?i)\\.(?:[cm]?js|jsx|ts|tsx|vue|svelte)$");
  private static final Pattern PY = Pattern.compile("(?i)\\.py$");
  private static final Pattern SCRIPTING =
      Pattern.compile("(?i)\\.(?:[cm]?js|jsx|ts|tsx|vue|svelte|py|php|rb)$");

  private static final String SQL_TEXT =
      "\\b(?:SELECT\\b[^\"'`]*\\bFROM|INSERT\\s+INTO|UPDATE\\s+[\\w.\\[\\]]+\\s+SET"
          + "|DELETE\\s+FROM)\\b";

  /** A pattern that marks a line; {@code also}, when set, must match the same line too. */
  record LineRule(
      String id,
      String severity,
      List<String> keywords,
      Pattern files,
      Pattern regex,
      Pattern also,
      String message,
      String suggestion) {

    boolean keywordIn(String lower) {
      for (String keyword : keywords) {
        if (lower.contains(keyword)) {
          return true;
        }
      }
      return keywords.isEmpty();
    }
  }

  private static final String TLS_MESSAGE = "TLS certificate or host name verification disabled";
  private static final String TLS_FIX =
      "Keep verification on; trust a private CA by adding its certificate to the trust store"
          + " instead of switching checks off.";
  private static final String EVAL_FIX =
      "Do not evaluate data as code; parse it (e.g. JSON.parse, ast.literal_eval) or dispatch on"
          + " an allow-listed set of operations.";
  private static final String SQL_FIX =
      "Use a parameterised query (PreparedStatement, placeholders such as ? or %s passed as"
          + " parameters, or the query builder of your library); never splice values into SQL.";
  private static final String SHELL_FIX =
      "Run the program directly with an argument list (no shell), e.g. subprocess.run([...]),"
          + " ProcessBuilder(List.of(...)) or execFile(cmd, args); validate every argument.";

  static final List<LineRule> LINE_RULES =
      List.of(
          // TLS verification switched off
          tls(List.of("verify"), "\\bverify\\s*=\\s*False\\b"),
          tls(List.of("insecureskipverify"), "(?i)InsecureSkipVerify\\s*:\\s*true"),
          tls(List.of("rejectunauthorized"), "rejectUnauthorized[\"']?\\s*[:=]\\s*false"),
          tls(
              List.of("node_tls_reject_unauthorized"),
              "NODE_TLS_REJECT_UNAUTHORIZED[\"']?\\s*[:=]\\s*[\"']?0\\b"),
          tls(
              List.of("hostnameverifier", "allow_all_hostname", "sslsession"),
              "ALLOW_ALL_HOSTNAME_VERIFIER|NoopHostnameVerifier"
                  + "|HostnameVerifier\\s*\\(\\s*\\(?\\s*\\w*\\s*,?\\s*\\w*\\s*\\)?\\s*->\\s*true"
                  + "|verify\\s*\\(\\s*String\\s+\\w+\\s*,\\s*SSLSession\\s+\\w+\\s*\\)\\s*\\{"
                  + "\\s*return\\s+true"),
          tls(
              List.of(
                  "checkservertrusted",
                  "trustall",
                  "trustselfsigned",
                  "insecuretrustmanager",
                  "getacceptedissuers"),
              "checkServerTrusted\\s*\\([^)]*\\)\\s*(?:throws\\s+[\\w.]+\\s*)?\\{\\s*}"
                  + "|TrustAll(?:Strategy|Manager|Certs?)\\b|trustAll(?:Certs?|Managers?)\\b"
                  + "|TrustSelfSignedStrategy|InsecureTrustManagerFactory"
                  + "|getAcceptedIssuers\\s*\\(\\s*\\)\\s*\\{\\s*return\\s+null"),
          tls(
              List.of("curl"),
              "\\bcurl\\b[^|;&]*?\\s(?:--insecure\\b|-[a-zA-Z]*k[a-zA-Z]*(?![\\w-]))"),
          tls(List.of("no-check-certificate"), "\\bwget\\b.*--no-check-certificate"),
          tls(
              List.of("cert_none", "_create_unverified_context", "check_hostname"),
              "ssl\\.CERT_NONE|_create_unverified_context|check_hostname\\s*=\\s*False"),
          tls(
              List.of("sslverify", "git_ssl_no_verify"),
              "(?i)http\\.sslverify\\s*=?\\s*false|GIT_SSL_NO_VERIFY\\s*=\\s*[\"']?(?:1|true)"),

          // eval / exec of data
          new LineRule(
              EVAL,
              Finding.ERROR,
              List.of("eval"),
              SCRIPTING,
              Pattern.compile("(?<![\\w.$])eval\\s*\\(\\s*(?!\\)|([\"'`])[^\"'`$]*\\1\\s*\\))"),
              null,
              "eval() of a value that is not a fixed string",
              EVAL_FIX),
          new LineRule(
              EVAL,
              Finding.ERROR,
              List.of("exec"),
              PY,
              Pattern.compile("(?<![\\w.])exec\\s*\\(\\s*(?!\\)|([\"'])[^\"']*\\1\\s*[,)])"),
              null,
              "Python exec() of a value that is not a fixed string",
              EVAL_FIX),
          new LineRule(
              EVAL,
              Finding.ERROR,
              List.of("getruntime"),
              null,
              Pattern.compile(
                  "Runtime\\.getRuntime\\(\\)\\s*\\.exec\\s*\\("
                      + "(?=[^;]*(?:[\"']\\s*\\+|\\+\\s*[\"'\\w]|String\\.format|\\.formatted\\())"),
              null,
              "Runtime.exec() with a command built by concatenation",
              SHELL_FIX),

          // SQL built from strings
          sql(
              "(?i)[\"'][^\"']*" + SQL_TEXT + "[^\"']*[\"']\\s*\\+\\s*[A-Za-z_$(]",
              "SQL built by string concatenation"),
          sql(
              "(?i)[\"'][^\"']*" + SQL_TEXT + "[^\"']*[\"']\\s*(?:%\\s*[\\w(]|\\.format\\s*\\()",
              "SQL built with % or .format()"),
          sql("(?i)\\bf[\"'][^\"']*" + SQL_TEXT + "[^\"']*\\{", "SQL built with an f-string"),
          sql(
              "(?i)(?<![\\w.)\\]])`[^`]*" + SQL_TEXT + "[^`]*\\$\\{",
              "SQL built with a template literal"),
          sql(
              "(?i)(?:String\\.format|fmt\\.Sprintf|\\bsprintf|\\bformat)\\s*\\(\\s*[\"'`][^\"'`]*"
                  + SQL_TEXT,
              "SQL built with a format function"),

          // shell commands from strings
          shell(
              List.of("shell"),
              null,
              "\\bsubprocess\\.(?:run|call|Popen|check_output|check_call)\\s*\\(.*\\bshell\\s*="
                  + "\\s*True",
              "subprocess with shell=True"),
          shell(
              List.of("os.system", "os.popen"),
              null,
              "\\bos\\.(?:system|popen)\\s*\\(\\s*(?:[fF][\"']|[^)]*(?:[\"']\\s*\\+|\\+\\s*[\"'\\w]"
                  + "|%\\s*[\\w(]|\\.format\\s*\\())",
              "os.system/os.popen with a command built from strings"),
          shell(
              List.of("-c"),
              null,
              "\\b(?:ba|z)?sh[\"']\\s*,\\s*[\"']-c[\"']\\s*,[^)]*(?:\\+|\\$\\{|%s|\\.format\\("
                  + "|\\bf[\"']|fmt\\.Sprintf|String\\.format)"
                  + "|[\"'](?:ba|z)?sh\\s+-c\\s[^\"']*[\"']\\s*\\+",
              "sh -c with a command built by concatenation"),
          shell(
              List.of("exec"),
              JS,
              "(?:child_process\\.|\\bcp\\.|(?<![\\w.$]))exec(?:Sync)?\\s*\\(\\s*(?:`[^`]*\\$\\{"
                  + "|[\"'][^\"']*[\"']\\s*\\+|[\\w.]+\\s*\\+)",
              "child_process.exec with a command built from a template or concatenation"),

          // MD5 / SHA-1 for passwords
          new LineRule(
              WEAK_HASH,
              Finding.WARNING,
              List.of("md5", "sha1", "sha-1"),
              null,
              Pattern.compile("(?i)(?<![a-z0-9])(?:md5|sha-?1)(?![0-9])"),
              Pattern.compile("(?i)passw(?:or)?d|passphrase|\\bpwd\\b|\\bpass\\b"),
              "MD5/SHA-1 used with a password",
              "Hash passwords with a slow, salted algorithm (Argon2id, bcrypt, scrypt or PBKDF2)"
                  + " from a maintained library."));

  private static final Pattern CORS_ORIGIN_ANY =
      Pattern.compile(
          "(?i)Access-Control-Allow-Origin[\"'\\])]*\\s*[,:=]\\s*[\"']?\\*"
              + "|allowedOrigin(?:s|Patterns)\\s*\\(\\s*(?:(?:List\\.of|Arrays\\.asList)\\(\\s*)?"
              + "\"\\*\"|addAllowedOrigin(?:Pattern)?\\s*\\(\\s*\"\\*\""
              + "|\\borigins?\\s*[:=]\\s*\\[?\\s*[\"']\\*[\"']");
  private static final Pattern CORS_CREDENTIALS =
      Pattern.compile(
          "(?i)Access-Control-Allow-Credentials[\"'\\])]*\\s*[,:=]\\s*[\"']?true"
              + "|allowCredentials\\s*(?:\\(\\s*|=\\s*[\"']?)true"
              + "|\\bcredentials\\s*:\\s*true|supports_credentials\\s*=\\s*True"
              + "|setAllowCredentials\\s*\\(\\s*true");

  private final ScanLimits limits;

  RiskRules(ScanLimits limits) {
    this.limits = limits;
  }

  /**
   * Scans one file's added lines.
   *
   * @return false if {@code deadlineNanos} stopped the scan
   */
  boolean scan(FileDiff file, List<Finding> out, Skipped skipped, long deadlineNanos) {
    String path = file.path();
    Integer corsOriginLine = null;
    Integer corsCredentialsLine = null;
    int count = 0;
    for (DiffLine line : file.added()) {
      if ((++count & 63) == 0 && System.nanoTime() - deadlineNanos > 0) {
        skipped.add(
            path + ": risk scan stopped at line " + line.line() + " (scan time budget spent)");
        return false;
      }
      String text = line.text();
      if (text.length() > limits.maxLineChars()) {
        text = text.substring(0, limits.maxLineChars());
      }
      String lower = text.toLowerCase(Locale.ROOT);
      Set<String> reported = new HashSet<>();
      for (LineRule rule : LINE_RULES) {
        if (reported.contains(rule.id())
            || !rule.keywordIn(lower)
            || (rule.files() != null && !rule.files().matcher(path).find())) {
          continue;
        }
        if (finds(rule.regex(), text, path, line.line(), rule.id(), skipped)
            && (rule.also() == null
                || finds(rule.also(), text, path, line.line(), rule.id(), skipped))) {
          reported.add(rule.id());
          out.add(
              new Finding(
                  CATEGORY,
                  path,
                  line.line(),
                  rule.severity(),
                  rule.id(),
                  rule.message() + " in " + path,
                  rule.suggestion()));
        }
      }
      if (corsOriginLine == null
          && lower.contains("origin")
          && finds(CORS_ORIGIN_ANY, text, path, line.line(), CORS, skipped)) {
        corsOriginLine = line.line();
      }
      if (corsCredentialsLine == null
          && lower.contains("credentials")
          && finds(CORS_CREDENTIALS, text, path, line.line(), CORS, skipped)) {
        corsCredentialsLine = line.line();
      }
    }
    if (corsOriginLine != null && corsCredentialsLine != null) {
      String where =
          corsOriginLine.equals(corsCredentialsLine)
              ? ""
              : " (credentials allowed on line " + corsCredentialsLine + ")";
      out.add(
          new Finding(
              CATEGORY,
              path,
              corsOriginLine,
              Finding.ERROR,
              CORS,
              "CORS allows any origin together with credentials in " + path + where,
              "List the trusted origins explicitly (or reflect only origins from an allow-list);"
                  + " never combine a wildcard origin with credentials."));
    }
    return true;
  }

  private boolean finds(
      Pattern regex, String text, String path, int lineNo, String ruleId, Skipped skipped) {
    try {
      return BoundedText.matcher(regex, text, limits).find();
    } catch (BoundedText.BudgetExceeded e) {
      skipped.add(path + ":" + lineNo + ": rule " + ruleId + " skipped (" + e.getMessage() + ")");
      return false;
    }
  }

  private static LineRule tls(List<String> keywords, String regex) {
    return new LineRule(
        TLS, Finding.ERROR, keywords, null, Pattern.compile(regex), null, TLS_MESSAGE, TLS_FIX);
  }

  private static LineRule sql(String regex, String message) {
    return new LineRule(
        SQL,
        Finding.WARNING,
        List.of("select", "insert", "update", "delete"),
        null,
        Pattern.compile(regex),
        null,
        message,
        SQL_FIX);
  }

  private static LineRule shell(List<String> keywords, Pattern files, String regex, String msg) {
    return new LineRule(
        SHELL, Finding.ERROR, keywords, files, Pattern.compile(regex), null, msg, SHELL_FIX);
  }

  /** The ids of all risk rules, for documentation and tests. */
  static List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (LineRule rule : LINE_RULES) {
      if (!ids.contains(rule.id())) {
        ids.add(rule.id());
      }
    }
    ids.add(CORS);
    return ids;
  }
}
