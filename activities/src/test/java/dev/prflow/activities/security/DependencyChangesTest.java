package dev.prflow.activities.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.prflow.activities.diff.FileDiff;
import dev.prflow.workflows.model.DependencyChange;
import dev.prflow.workflows.model.SecurityResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DependencyChangesTest {

  private final SecurityScanner scanner = new SecurityScanner(SecretRules.defaults());

  private static FileDiff touched(String path, FileDiff.ChangeType type) {
    return new FileDiff(path, path, type, false, List.of(), List.of(), 0);
  }

  private static ManifestSource source(Map<String, String> base, Map<String, String> head) {
    return new ManifestSource() {
      @Override
      public Optional<String> atBase(String path) {
        return Optional.ofNullable(base.get(path));
      }

      @Override
      public Optional<String> atHead(String path) {
        return Optional.ofNullable(head.get(path));
      }
    };
  }

  private static String pom(String deps) {
    return "<project><modelVersion>4.0.0</modelVersion><properties><jackson.version>2.17.0"
        + "</jackson.version></properties><dependencies>"
        + deps
        + "</dependencies></project>";
  }

  private static String dep(String g, String a, String v) {
    return "<dependency><groupId>"
        + g
        + "</groupId><artifactId>"
        + a
        + "</artifactId><version>"
        + v
        + "</version></dependency>";
  }

  @Test
  void givenANestedPomChange_whenScanned_upgradesDowngradesAdditionsAndRemovalsAreListed() {
    String base =
        pom(
            dep("com.squareup.okhttp3", "okhttp", "4.12.0")
                + dep("org.slf4j", "slf4j-api", "2.0.13")
                + dep("commons-io", "commons-io", "2.16.1"));
    String head =
        pom(
            dep("com.squareup.okhttp3", "okhttp", "5.0.0")
                + dep("org.slf4j", "slf4j-api", "2.0.9")
                + dep("com.fasterxml.jackson.core", "jackson-databind", "${jackson.version}"));

    SecurityResult result =
        scanner.scan(
            List.of(touched("services/api/pom.xml", FileDiff.ChangeType.MODIFIED)),
            source(Map.of("services/api/pom.xml", base), Map.of("services/api/pom.xml", head)));

    assertThat(result.dependencies())
        .extracting(
            DependencyChange::name,
            DependencyChange::fromVersion,
            DependencyChange::toVersion,
            DependencyChange::change)
        .containsExactly(
            tuple("com.squareup.okhttp3:okhttp", "4.12.0", "5.0.0", "upgraded"),
            tuple("org.slf4j:slf4j-api", "2.0.13", "2.0.9", "downgraded"),
            tuple("com.fasterxml.jackson.core:jackson-databind", null, "2.17.0", "added"),
            tuple("commons-io:commons-io", "2.16.1", null, "removed"));
    assertThat(result.dependencies())
        .allSatisfy(d -> assertThat(d.manifest()).isEqualTo("services/api/pom.xml"));
  }

  @Test
  void givenPackageJsonRequirementsAndGoMod_whenScanned_eachEcosystemIsCompared() {
    Map<String, String> base =
        Map.of(
            "web/package.json",
            "{\"dependencies\":{\"react\":\"^18.2.0\",\"left-pad\":\"1.3.0\"},"
                + "\"devDependencies\":{\"@types/node\":\"^20.1.0\"}}",
            "requirements.txt",
            "requests==2.31.0\nDjango>=4.2\nflask\n",
            "tools/go.mod",
            "module x\n\nrequire (\n\tgithub.com/pkg/errors v0.9.1\n\tgolang.org/x/net v0.20.0 // indirect\n)\n");
    Map<String, String> head =
        Map.of(
            "web/package.json",
            "{\"dependencies\":{\"react\":\"^19.0.0\",\"lodash\":\"4.17.21\"},"
                + "\"devDependencies\":{\"@types/node\":\"latest\"}}",
            "requirements.txt",
            "requests==2.32.3\nDjango>=4.2\nflask==3.0.0\n",
            "tools/go.mod",
            "module x\n\nrequire (\n\tgithub.com/pkg/errors v0.9.1\n\tgolang.org/x/net v0.19.0 // indirect\n)\n");

    SecurityResult result =
        scanner.scan(
            List.of(
                touched("web/package.json", FileDiff.ChangeType.MODIFIED),
                touched("requirements.txt", FileDiff.ChangeType.MODIFIED),
                touched("tools/go.mod", FileDiff.ChangeType.MODIFIED),
                touched("README.md", FileDiff.ChangeType.MODIFIED)),
            source(base, head));

    assertThat(result.dependencies())
        .extracting(DependencyChange::manifest, DependencyChange::name, DependencyChange::change)
        .containsExactly(
            tuple("web/package.json", "react", "upgraded"),
            tuple("web/package.json", "lodash", "added"),
            tuple("web/package.json", "@types/node", "changed"),
            tuple("web/package.json", "left-pad", "removed"),
            tuple("requirements.txt", "requests", "upgraded"),
            tuple("requirements.txt", "flask", "changed"),
            tuple("tools/go.mod", "golang.org/x/net", "downgraded"));
  }

  @Test
  void givenANewManifest_whenScanned_everyDependencyIsAdded() {
    SecurityResult result =
        scanner.scan(
            List.of(touched("svc/requirements.txt", FileDiff.ChangeType.ADDED)),
            source(Map.of(), Map.of("svc/requirements.txt", "numpy==1.26.4\n")));

    assertThat(result.dependencies())
        .containsExactly(
            new DependencyChange("svc/requirements.txt", "numpy", null, "1.26.4", "added"));
  }

  @Test
  void givenAnUnreadableOrBrokenManifest_whenScanned_itIsListedAsSkipped() {
    SecurityResult result =
        scanner.scan(
            List.of(
                touched("package.json", FileDiff.ChangeType.MODIFIED),
                touched("pom.xml", FileDiff.ChangeType.MODIFIED)),
            source(Map.of("pom.xml", pom("")), Map.of("pom.xml", "<project><unclosed>")));

    assertThat(result.dependencies()).isEmpty();
    assertThat(result.skipped())
        .anySatisfy(s -> assertThat(s).startsWith("package.json: manifest text unavailable"))
        .anySatisfy(s -> assertThat(s).startsWith("pom.xml at head: could not be parsed"));
  }

  @Test
  void versionsCompareNumericallyAndFallBackToChanged() {
    assertThat(DependencyChanges.direction("1.9.0", "1.10.0")).isEqualTo("upgraded");
    assertThat(DependencyChanges.direction("v2.0.0", "v1.99.9")).isEqualTo("downgraded");
    assertThat(DependencyChanges.direction("~1.2", "^1.2.1")).isEqualTo("upgraded");
    assertThat(DependencyChanges.direction("1.0.0-rc1", "1.0.0")).isEqualTo("upgraded");
    assertThat(DependencyChanges.direction("latest", "1.0.0")).isEqualTo("changed");
    assertThat(DependencyChanges.direction("1.0.0", "1.0.0.Final")).isEqualTo("changed");
  }
}
