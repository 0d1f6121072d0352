package dev.prflow.activities.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManifestParserTest {

  @Test
  void listsMavenDependenciesWithResolvedProperties() {
    String pom =
        """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <parent><groupId>org.acme</groupId><version>2.0</version></parent>
          <artifactId>app</artifactId>
          <properties><jackson.version>2.17.1</jackson.version></properties>
          <dependencyManagement><dependencies><dependency>
            <groupId>managed</groupId><artifactId>only</artifactId><version>1</version>
          </dependency></dependencies></dependencyManagement>
          <dependencies>
            <dependency>
              <groupId>com.fasterxml.jackson.core</groupId>
              <artifactId>jackson-databind</artifactId>
              <version>${jackson.version}</version>
            </dependency>
            <dependency>
              <groupId>${project.groupId}</groupId>
              <artifactId>core</artifactId>
              <version>${project.version}</version>
            </dependency>
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter</artifactId>
              <scope>test</scope>
            </dependency>
          </dependencies>
        </project>
        """;

    Manifest manifest = ManifestParser.parse("pom.xml", pom);

    assertThat(manifest.problem()).isNull();
    assertThat(manifest.ecosystem()).isEqualTo("Maven");
    assertThat(manifest.dependencies())
        .containsExactly(
            "com.fasterxml.jackson.core:jackson-databind:2.17.1",
            "org.acme:core:2.0",
            "org.junit.jupiter:junit-jupiter (test)");
  }

  @Test
  void pomWithDoctypeIsRejectedWithoutResolvingEntities() {
    String pom =
        """
        <?xml version="1.0"?>
        <!DOCTYPE project [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
        <project><dependencies><dependency>
          <groupId>&secret;</groupId><artifactId>x</artifactId>
        </dependency></dependencies></project>
        """;

    Manifest manifest = ManifestParser.parse("pom.xml", pom);

    assertThat(manifest.dependencies()).isEmpty();
    assertThat(manifest.problem())
        .startsWith("could not be parsed")
        .containsIgnoringCase("DOCTYPE");
  }

  @Test
  void malformedPomIsNoted() {
    Manifest manifest = ManifestParser.parse("svc/pom.xml", "<project><dependencies>");

    assertThat(manifest.path()).isEqualTo("svc/pom.xml");
    assertThat(manifest.problem()).startsWith("could not be parsed");
  }

  @Test
  void pomWithWrongRootIsNoted() {
    assertThat(ManifestParser.parse("pom.xml", "<settings/>").problem())
        .contains("root element is not <project>");
  }

  @Test
  void listsNpmDependenciesAndDevDependencies() {
    String json =
        """
        {"name": "web", "dependencies": {"react": "^18.2.0", "zod": "3.22.4"},
         "devDependencies": {"vitest": "^1.0.0"}}
        """;

    Manifest manifest = ManifestParser.parse("web/package.json", json);

    assertThat(manifest.problem()).isNull();
    assertThat(manifest.dependencies())
        .containsExactly("react@^18.2.0", "zod@3.22.4", "vitest@^1.0.0 (dev)");
  }

  @Test
  void malformedPackageJsonIsNotedNotThrown() {
    Manifest manifest = ManifestParser.parse("package.json", "{\"dependencies\": {\"a\": ");

    assertThat(manifest.dependencies()).isEmpty();
    assertThat(manifest.problem()).startsWith("could not be parsed").contains("line");
  }

  @Test
  void packageJsonThatIsNotAnObjectIsNoted() {
    assertThat(ManifestParser.parse("package.json", "[1, 2]").problem())
        .contains("not a JSON object");
    assertThat(ManifestParser.parse("package.json", "").problem()).contains("not a JSON object");
  }

  @Test
  void packageJsonWithTrailingGarbageIsNoted() {
    assertThat(ManifestParser.parse("package.json", "{} {}").problem())
        .startsWith("could not be parsed");
  }

  @Test
  void packageJsonWithNonObjectSectionKeepsTheOtherSection() {
    Manifest manifest =
        ManifestParser.parse(
            "package.json", "{\"dependencies\": [\"x\"], \"devDependencies\": {\"y\": \"1\"}}");

    assertThat(manifest.dependencies()).containsExactly("y@1 (dev)");
    assertThat(manifest.problem()).contains("\"dependencies\" is not an object");
  }

  @Test
  void listsRequirementsIgnoringCommentsAndOptions() {
    String requirements =
        """
        # web stack
        -r base.txt
        --index-url https://pypi.example/simple
        Django>=4.2,<5  # LTS
        requests[socks]==2.31.0
        numpy ; python_version >= "3.9"
        git+https://github.com/acme/tool.git

        pytest
        """;

    Manifest manifest = ManifestParser.parse("requirements.txt", requirements);

    assertThat(manifest.problem()).isNull();
    assertThat(manifest.dependencies())
        .containsExactly("Django >=4.2,<5", "requests[socks] ==2.31.0", "numpy", "pytest");
  }

  @Test
  void listsGoRequireLinesAndBlocks() {
    String goMod =
        """
        module example.com/app

        go 1.22

        require github.com/spf13/cobra v1.8.0

        require (
        \tgolang.org/x/sync v0.7.0
        \tgithub.com/stretchr/testify v1.9.0 // indirect
        )

        replace example.com/old => example.com/new v1.0.0
        """;

    Manifest manifest = ManifestParser.parse("go.mod", goMod);

    assertThat(manifest.problem()).isNull();
    assertThat(manifest.dependencies())
        .containsExactly(
            "github.com/spf13/cobra v1.8.0",
            "golang.org/x/sync v0.7.0",
            "github.com/stretchr/testify v1.9.0 (indirect)");
  }

  @Test
  void unclosedGoRequireBlockIsNoted() {
    Manifest manifest = ManifestParser.parse("go.mod", "module m\nrequire (\n\ta.b/c v1.0.0\n");

    assertThat(manifest.dependencies()).containsExactly("a.b/c v1.0.0");
    assertThat(manifest.problem()).contains("require block is not closed");
  }

  @Test
  void unknownFileIsNotAManifest() {
    assertThat(ManifestParser.isManifest("build.gradle")).isFalse();
    assertThat(ManifestParser.parse("build.gradle", "plugins {}")).isNull();
  }
}
