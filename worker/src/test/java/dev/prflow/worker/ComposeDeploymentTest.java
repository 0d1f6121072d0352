package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.temporal.yml}, its {@code deploy/} configuration and the {@code Dockerfile}
 * checked without a Docker engine (none runs here): they parse, every image is pinned, prflow is
 * given only variables it reads, Prometheus scrapes what the compose file runs, Grafana's
 * provisioning points at files in the repository.
 */
class ComposeDeploymentTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> PRFLOW_SERVICES = List.of("prflow-api", "prflow-worker");

  /** prflow's worker metrics port when {@code PRFLOW_METRICS_PORT} is not set. */
  private static final int DEFAULT_WORKER_METRICS_PORT = 9464;

  private static Path root;
  private static JsonNode services;

  @BeforeAll
  static void readCompose() throws IOException {
    root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("docker-compose.temporal.yml"))) {
      root = root.getParent();
      assertThat(root).as("docker-compose.temporal.yml above the working directory").isNotNull();
    }
    services = YAML.readTree(root.resolve("docker-compose.temporal.yml").toFile()).get("services");
  }

  @Test
  void theComposeFileRunsTemporalPrflowAndTheirMonitoring() {
    assertThat(fieldNames(services))
        .containsExactlyInAnyOrder(
            "postgresql",
            "temporal",
            "temporal-admin-tools",
            "temporal-ui",
            "prflow-api",
            "prflow-worker",
            "prometheus",
            "grafana");
    assertThat(services.at("/temporal/image").asText()).startsWith("temporalio/auto-setup:1.29.");
    assertThat(services.at("/prflow-api/command/0").asText()).isEqualTo("api");
    assertThat(services.at("/prflow-worker/command/0").asText()).isEqualTo("worker");
  }

  @Test
  void theWorkerRunsTwoReplicasWithAStopGraceLongerThanPrflowsOwn() {
    JsonNode worker = services.get("prflow-worker");
    assertThat(worker.at("/deploy/replicas").asInt()).isEqualTo(2);
    assertThat(worker.has("container_name")).as("replicas cannot share a name").isFalse();
    assertThat(worker.has("ports")).as("replicas cannot share a host port").isFalse();
    long grace = PrflowConfig.from(environment("prflow-worker")).shutdownGrace().toSeconds();
    assertThat(seconds(worker.get("stop_grace_period").asText())).isGreaterThan(grace);
  }

  @Test
  void everyImageIsPinnedToAnExactVersion() throws IOException {
    Pattern exact = Pattern.compile("[a-z0-9./-]+:v?\\d+(\\.\\d+)+[A-Za-z0-9._-]*");
    for (String name : fieldNames(services)) {
      String image = services.get(name).get("image").asText();
      assertThat(image).as(name).matches(exact).doesNotContain("latest").doesNotContain("${");
    }
    String version = projectVersion();
    for (String name : PRFLOW_SERVICES) {
      assertThat(services.get(name).get("image").asText()).isEqualTo("prflow:" + version);
    }
    List<String> froms =
        Files.readAllLines(root.resolve("Dockerfile")).stream()
            .filter(l -> l.startsWith("FROM "))
            .map(l -> l.split("\\s+")[1])
            .toList();
    assertThat(froms).hasSize(2).allSatisfy(image -> assertThat(image).matches(exact));
    assertThat(Files.readString(root.resolve("Dockerfile")))
        .contains("# syntax=docker/dockerfile:1.7")
        .contains("USER prflow")
        .contains("worker/target/prflow.jar")
        .contains("bubblewrap")
        .contains(" git ");
  }

  @Test
  void prflowIsGivenOnlyVariablesItReads() throws IOException {
    Set<String> documented = readmeConfigurationVariables();
    Set<String> inSource = stringLiteralsInMainSources();
    assertThat(documented).contains("DATABASE_URL", "TEMPORAL_ADDRESS", "TEMPORAL_API_KEY");
    Map<String, Set<String>> given = new LinkedHashMap<>();
    for (String service : PRFLOW_SERVICES) {
      given.put(service, environment(service).keySet());
    }
    given.put("Dockerfile", dockerfileEnvironment());
    for (Map.Entry<String, Set<String>> e : given.entrySet()) {
      assertThat(e.getValue())
          .as("%s: variables not in the README's configuration table", e.getKey())
          .isSubsetOf(documented);
      assertThat(e.getValue())
          .as("%s: variables no main source names", e.getKey())
          .isSubsetOf(inSource);
    }
    // And the values parse: what the compose file gives each service is a valid configuration.
    for (String service : PRFLOW_SERVICES) {
      Map<String, String> env = environment(service);
      env.put("PRFLOW_AGENT", "demo");
      PrflowConfig config = PrflowConfig.from(env);
      assertThat(config.temporalAddress()).isEqualTo("temporal:7233");
      assertThat(config.databaseUrl()).startsWith("postgresql://prflow:");
    }
  }

  @Test
  void prometheusScrapesTheApiEachWorkerAndTemporalOnThePortsTheyServe() throws IOException {
    JsonNode config = YAML.readTree(root.resolve("deploy/prometheus/prometheus.yml").toFile());
    Map<String, Integer> scraped = new LinkedHashMap<>();
    for (JsonNode job : config.get("scrape_configs")) {
      for (JsonNode sc : job.path("static_configs")) {
        for (JsonNode target : sc.get("targets")) {
          String[] hostPort = target.asText().split(":");
          scraped.put(hostPort[0], Integer.parseInt(hostPort[1]));
        }
      }
      for (JsonNode dns : job.path("dns_sd_configs")) {
        for (JsonNode name : dns.get("names")) {
          scraped.put(name.asText(), dns.get("port").asInt());
        }
      }
    }
    assertThat(scraped.keySet()).isSubsetOf(fieldNames(services));
    assertThat(scraped)
        .containsEntry(
            "prflow-api", Integer.parseInt(environment("prflow-api").get("PRFLOW_HTTP_PORT")))
        .containsEntry(
            "prflow-worker",
            Integer.parseInt(
                environment("prflow-worker")
                    .getOrDefault(
                        "PRFLOW_METRICS_PORT", String.valueOf(DEFAULT_WORKER_METRICS_PORT))))
        .containsEntry("temporal", portOf(environment("temporal").get("PROMETHEUS_ENDPOINT")));
    // Every replica, not whichever one the service name happens to resolve to.
    assertThat(config.toString()).contains("\"type\":\"A\"");
  }

  @Test
  void grafanaIsProvisionedFromFilesInTheRepository() throws IOException {
    Map<String, Path> mounts = bindMounts("grafana");
    for (Map.Entry<String, Path> m : mounts.entrySet()) {
      if (!m.getValue().endsWith(Path.of("deploy/grafana/dashboards"))) {
        assertThat(m.getValue()).as(m.getKey()).isDirectory();
      }
    }
    Path datasources = mounts.get("/etc/grafana/provisioning/datasources");
    Path dashboards = mounts.get("/etc/grafana/provisioning/dashboards");
    assertThat(datasources).isEqualTo(root.resolve("deploy/grafana/provisioning/datasources"));
    assertThat(dashboards).isEqualTo(root.resolve("deploy/grafana/provisioning/dashboards"));

    List<JsonNode> sources = new ArrayList<>();
    for (Path f : yamlFiles(datasources)) {
      YAML.readTree(f.toFile()).get("datasources").forEach(sources::add);
    }
    assertThat(sources).hasSize(1);
    JsonNode prometheus = sources.get(0);
    assertThat(prometheus.get("uid").asText()).isEqualTo("prometheus");
    assertThat(prometheus.get("type").asText()).isEqualTo("prometheus");
    assertThat(prometheus.get("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(services.at("/prometheus/ports/0").asText()).endsWith(":9090");

    List<JsonNode> providers = new ArrayList<>();
    for (Path f : yamlFiles(dashboards)) {
      YAML.readTree(f.toFile()).get("providers").forEach(providers::add);
    }
    assertThat(providers).hasSize(1);
    String path = providers.get(0).at("/options/path").asText();
    assertThat(mounts.get(path))
        .as("the dashboard provider's path is where deploy/grafana/dashboards is mounted")
        .isEqualTo(root.resolve("deploy/grafana/dashboards"));
    Path dashboardDir = mounts.get(path);
    if (Files.isDirectory(dashboardDir)) {
      // The dashboards themselves come with the metrics work; each one found must be JSON.
      try (Stream<Path> files = Files.list(dashboardDir)) {
        for (Path f : files.toList()) {
          assertThat(f.toString()).endsWith(".json");
          assertThat(new ObjectMapper().readTree(f.toFile()).has("panels"))
              .as(f.toString())
              .isTrue();
        }
      }
    }
  }

  @Test
  void everyOtherBindMountOfTheComposeFileExists() {
    for (String service : fieldNames(services)) {
      if (service.equals("grafana")) {
        continue; // above
      }
      bindMounts(service).forEach((target, source) -> assertThat(source).as(target).exists());
    }
    assertThat(root.resolve("deploy/postgres/initdb/10-prflow.sh")).isExecutable();
    assertThat(
            root.resolve(
                "deploy/temporal/dynamicconfig/"
                    + Path.of(environment("temporal").get("DYNAMIC_CONFIG_FILE_PATH"))
                        .getFileName()))
        .isRegularFile();
  }

  /** The service's environment as written, {@code ${X:-default}} replaced by its default. */
  private static Map<String, String> environment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode node = services.get(service).get("environment");
    node.fields()
        .forEachRemaining(e -> env.put(e.getKey(), interpolateDefaults(e.getValue().asText())));
    return env;
  }

  private static String interpolateDefaults(String value) {
    Matcher m = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Container path → repository path of each {@code ./…} volume of a service. */
  private static Map<String, Path> bindMounts(String service) {
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (JsonNode v : services.get(service).path("volumes")) {
      String[] parts = v.asText().split(":");
      if (parts[0].startsWith("./")) {
        mounts.put(parts[1], root.resolve(parts[0]).normalize());
      }
    }
    return mounts;
  }

  private static Set<String> readmeConfigurationVariables() throws IOException {
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## Configuration\n");
    assertThat(start).as("README has a Configuration section").isPositive();
    int end = readme.indexOf("\n## ", start + 1);
    Set<String> names = new TreeSet<>();
    Pattern variable = Pattern.compile("`([A-Z][A-Z0-9_]+)`");
    for (String line : readme.substring(start, end).lines().toList()) {
      if (line.startsWith("| `")) {
        Matcher m = variable.matcher(line.substring(0, line.indexOf('|', 1)));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  private static Set<String> stringLiteralsInMainSources() throws IOException {
    Set<String> literals = new LinkedHashSet<>();
    Pattern literal = Pattern.compile("\"([A-Z][A-Z0-9_]+)\"");
    for (String module : List.of("workflows", "activities", "api", "worker")) {
      try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = literal.matcher(Files.readString(f));
          while (m.find()) {
            literals.add(m.group(1));
          }
        }
      }
    }
    return literals;
  }

  private static Set<String> dockerfileEnvironment() throws IOException {
    Set<String> names = new LinkedHashSet<>();
    String text = Files.readString(root.resolve("Dockerfile")).replace("\\\n", " ");
    for (String line : text.lines().toList()) {
      if (line.startsWith("ENV ")) {
        Matcher m = Pattern.compile("([A-Z][A-Z0-9_]+)=").matcher(line);
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    assertThat(names).isNotEmpty();
    return names;
  }

  private static String projectVersion() throws IOException {
    String pom = Files.readString(root.resolve("pom.xml"));
    Matcher m =
        Pattern.compile("<artifactId>prflow-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(m.find()).as("the parent pom's version").isTrue();
    return m.group(1);
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    }
  }

  private static int portOf(String endpoint) {
    return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
  }

  private static long seconds(String composeDuration) {
    assertThat(composeDuration).matches("\\d+s");
    return Long.parseLong(composeDuration.substring(0, composeDuration.length() - 1));
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
