package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up problems end with one clear line, never a hang or a stack trace. */
class StartupFailureTest {

  @TempDir Path home;

  @Test
  void unreachableTemporalFailsWithOneLineNamingTheAddress() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String address = "127.0.0.1:" + closedPort;
    assertThatThrownBy(() -> TemporalLauncher.connect("external", address, null, "default", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot reach Temporal at " + address);
  }

  @Test
  void inMemoryTemporalListensOnLoopbackOnly() {
    try (TemporalRuntime runtime = TemporalLauncher.startInMemory(0, "default")) {
      assertThat(runtime.address()).startsWith("127.0.0.1:");
      assertThat(runtime.kind()).isEqualTo("in-memory");
    }
  }

  @Test
  void missingPostgresBinariesExitWithCode2AndOneLine() throws Exception {
    Process p =
        prflow(
            Map.of(
                "PRFLOW_PG_BIN", home.resolve("no-such-dir").toString(),
                "PRFLOW_HOME", home.toString(),
                "PRFLOW_HTTP_PORT", "0"),
            "dev");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(err).contains("apt-get install postgresql").contains("DATABASE_URL");
  }

  @Test
  void withoutBubblewrapWorkerAndDevRefuseToStartWithCode2AndOneLine() throws Exception {
    for (String command : List.of("worker", "dev")) {
      Process p =
          prflow(
              Map.of(
                  "PATH",
                  home.resolve("empty-path").toString(),
                  "PRFLOW_HOME",
                  home.toString(),
                  "PRFLOW_AGENT_COMMAND",
                  "true",
                  "DATABASE_URL",
                  "postgresql://127.0.0.1:1/none"),
              command);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(command + ": " + err).isEqualTo(2);
      assertThat(err.strip().lines()).as(command).hasSize(1);
      assertThat(err).contains("bubblewrap").contains("PRFLOW_SANDBOX=off");
    }
  }

  @Test
  void anUnsandboxedWorkerSaysSoAtStart() {
    List<String> said = new ArrayList<>();

    Sandboxes.check(PrflowConfig.from(Map.of("PRFLOW_SANDBOX", "off")), said::add);

    assertThat(said).singleElement().asString().startsWith("WARNING: PRFLOW_SANDBOX=off");
  }

  @Test
  void sandboxSettingsAreOnByDefaultAndReadStrictly() {
    PrflowConfig defaults = PrflowConfig.from(Map.of());
    assertThat(defaults.sandbox()).isTrue();
    assertThat(defaults.testNetwork()).isTrue();
    assertThat(defaults.agentEnvironment()).isEmpty();
    PrflowConfig set =
        PrflowConfig.from(
            Map.of(
                "PRFLOW_SANDBOX", "off",
                "PRFLOW_TEST_NETWORK", "off",
                "PRFLOW_AGENT_ENV", "ANTHROPIC_API_KEY, OPENAI_API_KEY"));
    assertThat(set.sandbox()).isFalse();
    assertThat(set.testNetwork()).isFalse();
    assertThat(set.agentEnvironment()).containsExactly("ANTHROPIC_API_KEY", "OPENAI_API_KEY");
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_SANDBOX", "no")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PRFLOW_SANDBOX must be on or off");
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_AGENT_ENV", "A,B=1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PRFLOW_AGENT_ENV");
  }

  @Test
  void malformedSettingNamesTheVariable() {
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PRFLOW_HTTP_PORT");
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_AGENT", "command")))
        .hasMessageContaining("PRFLOW_AGENT_COMMAND");
  }

  @Test
  void forkTestsInCloneModeAreForTrustedAuthorsUnlessAllAreAllowed() {
    assertThat(PrflowConfig.from(Map.of()).githubForkTests()).isFalse();
    assertThat(PrflowConfig.from(Map.of("PRFLOW_GITHUB_FORK_TESTS", "all")).githubForkTests())
        .isTrue();
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_GITHUB_FORK_TESTS", "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PRFLOW_GITHUB_FORK_TESTS must be trusted or all");
  }

  @Test
  void agentAndTestTimeoutsMustFitInADay() {
    assertThat(PrflowConfig.from(Map.of("PRFLOW_TEST_TIMEOUT", "2h")).testTimeout())
        .isEqualTo(java.time.Duration.ofHours(2));
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_AGENT_TIMEOUT", "2d")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PRFLOW_AGENT_TIMEOUT must be more than 0 and at most 24h");
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_TEST_TIMEOUT", "0")))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void workerWithoutAnAgentExitsWithCode2AndOneLineNamingTheVariables() throws Exception {
    Process p =
        prflow(
            Map.of(
                "PRFLOW_HOME",
                home.toString(),
                "DATABASE_URL",
                "postgresql://127.0.0.1:1/never-used",
                "TEMPORAL_ADDRESS",
                "127.0.0.1:1"),
            "worker");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(err)
        .contains("PRFLOW_AGENT")
        .contains("PRFLOW_AGENT_COMMAND")
        .contains("CODEGEN_API_KEY")
        .contains("CODEGEN_ORG_ID");
    assertThat(out).as("nothing was started").isBlank();
  }

  @Test
  void theDemoAgentIsAllowedToAWorkerOnlyWhenAskedFor() {
    assertThat(PrflowConfig.from(Map.of()).agentConfigured()).isFalse();
    assertThat(PrflowConfig.from(Map.of("CODEGEN_ORG_ID", "1234")).agentConfigured()).isFalse();
    PrflowConfig demo = PrflowConfig.from(Map.of("PRFLOW_AGENT", "demo"));
    assertThat(demo.agentConfigured()).isTrue();
    assertThat(demo.agent()).isEqualTo("demo");
    assertThat(PrflowConfig.from(Map.of("PRFLOW_AGENT_COMMAND", "my-agent")).agentConfigured())
        .isTrue();
    assertThat(
            PrflowConfig.from(Map.of("CODEGEN_API_KEY", "k", "CODEGEN_ORG_ID", "1234"))
                .agentConfigured())
        .isTrue();
  }

  @Test
  void workerWithTheDemoAgentAskedForGetsPastTheAgentCheck() throws Exception {
    // Fails later, on the unreachable database: the agent check let it through.
    Process p =
        prflow(
            Map.of(
                "PRFLOW_HOME",
                home.toString(),
                "PRFLOW_AGENT",
                "demo",
                "DATABASE_URL",
                "postgresql://127.0.0.1:1/never-used",
                "TEMPORAL_ADDRESS",
                "127.0.0.1:1"),
            "worker");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(err).contains("DATABASE_URL").doesNotContain("needs an agent");
  }

  @Test
  void repositoryRootsDefaultToPrflowHomeReposAndAreCreated() {
    PrflowConfig config = PrflowConfig.from(Map.of("PRFLOW_HOME", home.toString()));
    assertThat(config.repoRoots()).containsExactly(home.resolve("repos"));
    List<String> warnings = new ArrayList<>();
    var roots = config.repositoryRoots(List.of(), warnings::add);
    assertThat(home.resolve("repos")).isDirectory();
    assertThat(roots.allows(home.resolve("repos"))).isTrue();
    assertThat(warnings).isEmpty();
  }

  @Test
  void repositoryRootsAreColonSeparatedAbsoluteDirectoriesAndAMissingOneIsIgnoredWithAWarning()
      throws Exception {
    Path a = java.nio.file.Files.createDirectories(home.resolve("a"));
    Path missing = home.resolve("missing");
    PrflowConfig config =
        PrflowConfig.from(
            Map.of("PRFLOW_HOME", home.toString(), "PRFLOW_REPO_ROOTS", a + ":" + missing));
    List<String> warnings = new ArrayList<>();
    var roots = config.repositoryRoots(List.of(home.resolve("demo")), warnings::add);
    assertThat(roots.directories())
        .containsExactly(a.toRealPath(), home.resolve("demo").toRealPath());
    assertThat(warnings)
        .singleElement()
        .satisfies(w -> assertThat(w).contains("PRFLOW_REPO_ROOTS").contains(missing.toString()));
    assertThat(missing).doesNotExist();
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_REPO_ROOTS", "relative/dir")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PRFLOW_REPO_ROOTS");
  }

  @Test
  void agentIsChosenFromTheEnvironment() {
    assertThat(PrflowConfig.from(Map.of()).agent()).isEqualTo("demo");
    assertThat(PrflowConfig.from(Map.of("PRFLOW_AGENT_COMMAND", "my-agent")).agent())
        .isEqualTo("command");
    Map<String, String> codegen = Map.of("CODEGEN_API_KEY", "k", "CODEGEN_ORG_ID", "1234");
    assertThat(PrflowConfig.from(codegen).agent()).isEqualTo("codegen");
    Map<String, String> mock = new java.util.HashMap<>(codegen);
    mock.put("CODEGEN_ENABLE_MOCK_MODE", "true");
    assertThat(PrflowConfig.from(mock).agent()).isEqualTo("demo");
    mock.put("CODEGEN_ENABLE_MOCK_MODE", "1");
    assertThat(PrflowConfig.from(mock).agent())
        .as("the switch reads the same wherever it is read")
        .isEqualTo("demo");
    mock.put("CODEGEN_ENABLE_MOCK_MODE", "maybe");
    assertThatThrownBy(() -> PrflowConfig.from(mock))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CODEGEN_ENABLE_MOCK_MODE must be true or false");
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("CODEGEN_API_KEY", "k")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CODEGEN_ORG_ID");
  }

  static Process prflow(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("DATABASE_URL");
    pb.environment().remove("TEMPORAL_ADDRESS");
    for (String agent :
        List.of(
            "PRFLOW_AGENT",
            "PRFLOW_AGENT_COMMAND",
            "CODEGEN_API_KEY",
            "CODEGEN_ENABLE_MOCK_MODE")) {
      pb.environment().remove(agent);
    }
    pb.environment().putAll(env);
    return pb.start();
  }
}
