package dev.prflow.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskSubmissionParserTest {

  private static final String MINIMAL = "'title':'Add retries','repository':'local:/srv/repo'";

  private final TaskSubmissionParser parser = new TaskSubmissionParser(new ObjectMapper());

  @Test
  void acceptsMinimalTask() {
    TaskSubmission task = parse("{" + MINIMAL + "}");

    assertThat(task.title()).isEqualTo("Add retries");
    assertThat(task.repository()).isEqualTo("local:/srv/repo");
  }

  @Test
  void appliesDefaults() {
    TaskSubmission task = parse("{" + MINIMAL + "}");

    assertThat(task)
        .isEqualTo(
            new TaskSubmission(
                "Add retries",
                "",
                List.of(),
                List.of(),
                "medium",
                "medium",
                "local:/srv/repo",
                null,
                null,
                null));
  }

  @Test
  void treatsNullOptionalFieldsAsAbsent() {
    TaskSubmission task =
        parse(
            "{"
                + MINIMAL
                + ",'description':null,'requirements':null,'acceptance_criteria':null,"
                + "'priority':null,'estimated_complexity':null,'base_branch':null,"
                + "'prompt_style':null}");

    assertThat(task)
        .isEqualTo(
            new TaskSubmission(
                "Add retries",
                "",
                List.of(),
                List.of(),
                "medium",
                "medium",
                "local:/srv/repo",
                null,
                null,
                null));
  }

  @Test
  void acceptsFullTaskTrimmingTitleAndItems() {
    TaskSubmission task =
        parse(
            """
            {'title': '  Add retries  ',
             'description': 'Retry failed HTTP calls.\\n',
             'requirements': [' use backoff ', 'cap at 5 attempts'],
             'acceptance_criteria': ['tests pass'],
             'priority': 'critical',
             'estimated_complexity': 'high',
             'repository': 'local:/srv/my repo',
             'base_branch': 'release/2.x',
             'prompt_style': 'step_by_step'}
            """);

    assertThat(task)
        .isEqualTo(
            new TaskSubmission(
                "Add retries",
                "Retry failed HTTP calls.\n",
                List.of("use backoff", "cap at 5 attempts"),
                List.of("tests pass"),
                "critical",
                "high",
                "local:/srv/my repo",
                "release/2.x",
                "step_by_step",
                null));
  }

  @Test
  void rejectsTaskWithoutTitle() {
    assertThat(problems("{'repository':'local:/srv/repo'}"))
        .containsExactly(new FieldProblem("title", "is required"));
  }

  @Test
  void rejectsBlankTitle() {
    assertThat(problems("{'title':' \\t ','repository':'local:/srv/repo'}"))
        .containsExactly(new FieldProblem("title", "must not be blank"));
  }

  @Test
  void rejectsTitleOver200Chars() {
    assertThat(problems("{'title':'" + "x".repeat(201) + "','repository':'local:/r'}"))
        .containsExactly(new FieldProblem("title", "must be at most 200 characters"));
    // The limit applies after trimming, and counts characters rather than UTF-16 units.
    assertThat(parse("{'title':'  " + "x".repeat(200) + "  ','repository':'local:/r'}").title())
        .hasSize(200);
    assertThat(parse("{'title':'" + "😀".repeat(200) + "','repository':'local:/r'}").title())
        .hasSize(400);
  }

  @Test
  void rejectsNonStringTitle() {
    assertThat(problems("{'title':42,'repository':'local:/srv/repo'}"))
        .containsExactly(new FieldProblem("title", "must be a string"));
    assertThat(problems("{'title':null,'repository':'local:/srv/repo'}"))
        .containsExactly(new FieldProblem("title", "must be a string"));
  }

  @Test
  void rejectsWrongTypes() {
    assertThat(
            problems(
                "{'title':['a'],'description':1,'requirements':'do it',"
                    + "'acceptance_criteria':{'a':1},'priority':{'level':'high'},"
                    + "'estimated_complexity':true,'repository':7,'base_branch':false,"
                    + "'prompt_style':[]}"))
        .containsExactly(
            new FieldProblem("acceptance_criteria", "must be an array of strings"),
            new FieldProblem("base_branch", "must be a string"),
            new FieldProblem("description", "must be a string"),
            new FieldProblem("estimated_complexity", "must be a string"),
            new FieldProblem("priority", "must be a string"),
            new FieldProblem("prompt_style", "must be a string"),
            new FieldProblem("repository", "must be a string"),
            new FieldProblem("requirements", "must be an array of strings"),
            new FieldProblem("title", "must be a string"));
  }

  @Test
  void rejectsMalformedJson() {
    ApiException e = failure("{'title': ");

    assertThat(e.fields())
        .containsExactly(
            new FieldProblem("body", "must be valid JSON (error at line 1, column 11)"));
    assertThat(e.getMessage()).startsWith("request body is not valid JSON: ");
  }

  @Test
  void rejectsTrailingContent() {
    ApiException e = failure("{" + MINIMAL + "} {}");

    assertThat(e.fields()).extracting(FieldProblem::field).containsExactly("body");
    assertThat(e.fields().get(0).problem()).startsWith("must be valid JSON");
  }

  @Test
  void rejectsInvalidUtf8() {
    byte[] body = {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    ApiException e = catchThrowableOfType(ApiException.class, () -> parser.parse(body));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.fields()).extracting(FieldProblem::field).containsExactly("body");
    assertThat(e.fields().get(0).problem()).startsWith("must be valid JSON");
  }

  @Test
  void rejectsEmptyBody() {
    for (byte[] body : new byte[][] {new byte[0], null, " \n ".getBytes(StandardCharsets.UTF_8)}) {
      ApiException e = catchThrowableOfType(ApiException.class, () -> parser.parse(body));

      assertThat(e.status()).isEqualTo(400);
      assertThat(e.getMessage()).isEqualTo("request body is empty");
      assertThat(e.fields()).containsExactly(new FieldProblem("body", "must not be empty"));
    }
  }

  @Test
  void rejectsTopLevelArray() {
    ApiException e = failure("[{" + MINIMAL + "}]");

    assertThat(e.getMessage()).isEqualTo("request body must be a JSON object, not an array");
    assertThat(e.fields()).containsExactly(new FieldProblem("body", "must be a JSON object"));
  }

  @Test
  void rejectsOtherTopLevelValues() {
    Map<String, String> kinds =
        Map.of("'task'", "a string", "42", "a number", "null", "null", "true", "a boolean");
    kinds.forEach(
        (json, kind) -> {
          ApiException e = failure(json);

          assertThat(e.getMessage()).isEqualTo("request body must be a JSON object, not " + kind);
          assertThat(e.fields()).containsExactly(new FieldProblem("body", "must be a JSON object"));
        });
  }

  @Test
  void rejectsBlankRequirementNamingIndex() {
    assertThat(problems("{" + MINIMAL + ",'requirements':['a','b','  ']}"))
        .containsExactly(new FieldProblem("requirements[2]", "must not be blank"));
  }

  @Test
  void rejectsBadRequirementElements() {
    assertThat(
            problems(
                "{"
                    + MINIMAL
                    + ",'requirements':['ok',3,null,'"
                    + "r".repeat(2001)
                    + "'],'acceptance_criteria':['',['nested']]}"))
        .containsExactly(
            new FieldProblem("acceptance_criteria[0]", "must not be blank"),
            new FieldProblem("acceptance_criteria[1]", "must be a string"),
            new FieldProblem("requirements[1]", "must be a string"),
            new FieldProblem("requirements[2]", "must be a string"),
            new FieldProblem("requirements[3]", "must be at most 2000 characters"));
  }

  @Test
  void ordersElementIndexesNumerically() {
    String items = String.join(",", Collections.nCopies(12, "''"));

    assertThat(problems("{" + MINIMAL + ",'requirements':[" + items + "]}"))
        .extracting(FieldProblem::field)
        .containsExactly(
            "requirements[0]",
            "requirements[1]",
            "requirements[2]",
            "requirements[3]",
            "requirements[4]",
            "requirements[5]",
            "requirements[6]",
            "requirements[7]",
            "requirements[8]",
            "requirements[9]",
            "requirements[10]",
            "requirements[11]");
  }

  @Test
  void rejectsMoreThan50AcceptanceCriteria() {
    String fifty = String.join(",", Collections.nCopies(50, "'ok'"));

    assertThat(
            parse("{" + MINIMAL + ",'acceptance_criteria':[" + fifty + "]}").acceptanceCriteria())
        .hasSize(50);
    assertThat(problems("{" + MINIMAL + ",'acceptance_criteria':[" + fifty + ",'']}"))
        .containsExactly(new FieldProblem("acceptance_criteria", "must have at most 50 items"));
  }

  @Test
  void rejectsDescriptionOver20000Chars() {
    assertThat(parse("{" + MINIMAL + ",'description':'" + "d".repeat(20_000) + "'}").description())
        .hasSize(20_000);
    assertThat(problems("{" + MINIMAL + ",'description':'" + "d".repeat(20_001) + "'}"))
        .containsExactly(new FieldProblem("description", "must be at most 20000 characters"));
  }

  @Test
  void rejectsUnknownPriority() {
    assertThat(problems("{" + MINIMAL + ",'priority':'urgent'}"))
        .containsExactly(
            new FieldProblem("priority", "must be one of: low, medium, high, critical"));
    assertThat(problems("{" + MINIMAL + ",'priority':'High'}"))
        .containsExactly(
            new FieldProblem("priority", "must be one of: low, medium, high, critical"));
  }

  @Test
  void rejectsUnknownComplexityAndPromptStyle() {
    assertThat(
            problems("{" + MINIMAL + ",'estimated_complexity':'critical','prompt_style':'terse'}"))
        .containsExactly(
            new FieldProblem("estimated_complexity", "must be one of: low, medium, high"),
            new FieldProblem(
                "prompt_style", "must be one of: comprehensive, concise, step_by_step"));
  }

  @Test
  void rejectsRelativeLocalPath() {
    assertThat(problems("{'title':'t','repository':'local:srv/repo'}"))
        .containsExactly(
            new FieldProblem("repository", "local path must be absolute (start with '/')"));
    assertThat(problems("{'title':'t','repository':'local:'}"))
        .containsExactly(
            new FieldProblem("repository", "local path must be absolute (start with '/')"));
  }

  @Test
  void rejectsNulCharacters() {
    assertThat(
            problems(
                "{'title':'a\\u0000b','repository':'local:/srv/\\u0000',"
                    + "'requirements':['x\\u0000']}"))
        .containsExactly(
            new FieldProblem("repository", "must not contain NUL characters"),
            new FieldProblem("requirements[0]", "must not contain NUL characters"),
            new FieldProblem("title", "must not contain NUL characters"));
  }

  @Test
  void rejectsUnpairedSurrogates() {
    assertThat(problems("{'title':'a\\ud800b','repository':'local:/r'}"))
        .containsExactly(
            new FieldProblem("title", "must not contain unpaired surrogate characters"));
  }

  @Test
  void acceptsGithubRepositoryByDefault() {
    assertThat(
            new TaskSubmissionParser(new ObjectMapper())
                .parse(bytes("{'title':'t','repository':'github:acme/widgets'}"))
                .repository())
        .isEqualTo("github:acme/widgets");
  }

  @Test
  void acceptsGithubRepositoryWhenEnabled() {
    TaskSubmissionParser withGithub =
        new TaskSubmissionParser(
            new ObjectMapper(),
            EnumSet.of(RepositoryLocator.Kind.LOCAL, RepositoryLocator.Kind.GITHUB));

    assertThat(
            withGithub
                .parse(bytes("{'title':'t','repository':'github:acme-inc/widgets.js'}"))
                .repository())
        .isEqualTo("github:acme-inc/widgets.js");
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> withGithub.parse(bytes("{'title':'t','repository':'github:acme/../x'}")));
    assertThat(e.fields())
        .containsExactly(
            new FieldProblem(
                "repository",
                "must be github:<owner>/<repo> where owner and repo consist of letters, digits,"
                    + " '_', '.' and '-'"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/srv/repo",
        "file:///srv/repo",
        "LOCAL:/srv/repo",
        " local:/srv/repo",
        "",
        "github:acme",
        "github:acme/wid gets",
        "github:../widgets",
        "https://github.com/acme/widgets"
      })
  void rejectsUnrecognisedRepositoryForms(String repository) {
    assertThat(problems("{'title':'t','repository':'" + repository + "'}"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("repository");
              assertThat(p.problem()).startsWith("must be ").contains("github:<owner>/<repo>");
            });
  }

  @Test
  void rejectsBadBranchName() {
    assertThat(problems("{" + MINIMAL + ",'base_branch':'feature..x'}"))
        .containsExactly(
            new FieldProblem(
                "base_branch", "is not a valid git branch name: must not contain \"..\""));
  }

  static Stream<Arguments> invalidBranchNames() {
    return Stream.of(
        arguments("my branch", "must not contain spaces"),
        arguments("tab\\there", "must not contain spaces"),
        arguments("bell\\u0007", "must not contain control characters"),
        arguments("a~1", "must not contain '~'"),
        arguments("a^", "must not contain '^'"),
        arguments("a:b", "must not contain ':'"),
        arguments("a?", "must not contain '?'"),
        arguments("a*", "must not contain '*'"),
        arguments("a[b", "must not contain '['"),
        arguments("a\\\\b", "must not contain '\\'"),
        arguments("-x", "must not start with '-'"),
        arguments("/x", "must not start with '/'"),
        arguments("x/", "must not end with '/'"),
        arguments("x.lock", "components must not end with \".lock\""),
        arguments("x.lock/y", "components must not end with \".lock\""),
        arguments("a/.b", "components must not start with '.'"),
        arguments("x.", "must not end with '.'"),
        arguments("a//b", "must not contain \"//\""),
        arguments("a@{1}", "must not contain \"@{\""),
        arguments("@", "must not be \"@\""));
  }

  /** Branch names are written as JSON string contents (escapes allowed). */
  @ParameterizedTest
  @MethodSource("invalidBranchNames")
  void rejectsInvalidBranchNames(String branchJson, String reason) {
    assertThat(problems("{" + MINIMAL + ",'base_branch':'" + branchJson + "'}"))
        .containsExactly(
            new FieldProblem("base_branch", "is not a valid git branch name: " + reason));
  }

  @Test
  void checksBranchNameLengthAndEmptiness() {
    assertThat(parse("{" + MINIMAL + ",'base_branch':'" + "b".repeat(250) + "'}").baseBranch())
        .hasSize(250);
    assertThat(problems("{" + MINIMAL + ",'base_branch':'" + "b".repeat(251) + "'}"))
        .containsExactly(new FieldProblem("base_branch", "must be at most 250 characters"));
    assertThat(problems("{" + MINIMAL + ",'base_branch':''}"))
        .containsExactly(new FieldProblem("base_branch", "must not be empty"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"main", "feature/add-retries", "release/2.x", "user@host", "ünïcode"})
  void acceptsValidBranchNames(String branch) {
    assertThat(parse("{" + MINIMAL + ",'base_branch':'" + branch + "'}").baseBranch())
        .isEqualTo(branch);
  }

  @Test
  void rejectsUnknownField() {
    assertThat(problems("{'titel':'Add retries','repository':'local:/srv/repo'}"))
        .containsExactly(
            new FieldProblem("titel", "unknown field"), new FieldProblem("title", "is required"));
    assertThat(problems("{" + MINIMAL + ",'acceptanceCriteria':['x']}"))
        .containsExactly(new FieldProblem("acceptanceCriteria", "unknown field"));
  }

  @Test
  void reportsAllProblemsAtOnce() {
    ApiException e =
        failure(
            "{'title':'','requirements':['ok',' '],'priority':'urgent',"
                + "'repository':'local:relative','base_branch':'-x','extra':1}");

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("invalid_request");
    assertThat(e.getMessage()).isEqualTo("invalid task submission");
    assertThat(e.fields())
        .containsExactly(
            new FieldProblem(
                "base_branch", "is not a valid git branch name: must not start with '-'"),
            new FieldProblem("extra", "unknown field"),
            new FieldProblem("priority", "must be one of: low, medium, high, critical"),
            new FieldProblem("repository", "local path must be absolute (start with '/')"),
            new FieldProblem("requirements[1]", "must not be blank"),
            new FieldProblem("title", "must not be blank"));
  }

  @Test
  void rejectsDuplicateKeys() {
    ApiException e = failure("{" + MINIMAL + ",'title':'Other'}");

    assertThat(e.getMessage()).isEqualTo("request body has duplicate field \"title\"");
    assertThat(e.fields()).containsExactly(new FieldProblem("title", "duplicate field"));
  }

  @Test
  void namesNestedDuplicateKeysByPath() {
    assertThat(problems("{" + MINIMAL + ",'requirements':['a',{'x':1,'x':2}]}"))
        .containsExactly(new FieldProblem("requirements[1].x", "duplicate field"));
  }

  @Test
  void honoursMapperThatAlreadyAllowsDuplicates() {
    ObjectMapper lenient = new ObjectMapper();
    lenient.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    TaskSubmissionParser p = new TaskSubmissionParser(lenient);

    ApiException e =
        catchThrowableOfType(ApiException.class, () -> p.parse(bytes("{'title':'a','title':'b'}")));

    assertThat(e.fields()).containsExactly(new FieldProblem("title", "duplicate field"));
  }

  @ParameterizedTest
  @CsvSource(
      quoteCharacter = '`',
      value = {
        "'90m', 5400",
        "'72h', 259200",
        "'7d', 604800",
        "'1h30m', 5400",
        "'600', 600",
        "600, 600",
        "'30d', 2592000"
      })
  void approvalTimeoutTakesTheOneDurationGrammar(String json, long seconds) {
    TaskSubmission task =
        parse("{" + MINIMAL + ",'require_approval':true,'approval_timeout':" + json + "}");

    assertThat(task.controls().approvalTimeoutSeconds()).isEqualTo(seconds);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "'soon' | \"soon\" is not a duration; expected a whole number followed by ms, s, m, h or d",
        "'30m1h' | \"30m1h\" lists its units out of order or twice",
        "'31d' | must be from 1s to 30d, not 31d",
        "0 | must be from 1s to 30d, not 0",
        "-5 | \"-5\" is not a duration",
        "1.5 | must be a duration string such as \"72h\", or a whole number of seconds",
        "'1500ms' | must be whole seconds, not 1500ms"
      })
  void badApprovalTimeoutSaysWhatIsWrong(String json, String problem) {
    List<FieldProblem> problems =
        problems("{" + MINIMAL + ",'require_approval':true,'approval_timeout':" + json + "}");

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).field()).isEqualTo("approval_timeout");
    assertThat(problems.get(0).problem()).startsWith(problem);
  }

  @Test
  void neverThrowsAnythingButApiExceptionForGarbage() {
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    for (String body :
        List.of("{", "}", "{'title'}", "nul", "{'a':1,}", "\uFEFF{}", "{'title':'t'}x", deep)) {
      ApiException e = catchThrowableOfType(ApiException.class, () -> parser.parse(bytes(body)));
      assertThat(e).as(body.length() > 40 ? body.substring(0, 40) : body).isNotNull();
      assertThat(e.status()).isEqualTo(400);
    }
  }

  private TaskSubmission parse(String json) {
    return parser.parse(bytes(json));
  }

  private ApiException failure(String json) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> parser.parse(bytes(json)));
    assertThat(e).as("expected an ApiException for %s", json).isNotNull();
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("invalid_request");
    return e;
  }

  private List<FieldProblem> problems(String json) {
    return failure(json).fields();
  }

  /** JSON with single quotes standing for double quotes, to keep the tests readable. */
  private static byte[] bytes(String json) {
    return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }
}
