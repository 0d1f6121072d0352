package dev.prflow.activities.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CodegenSettingsTest {

  @Test
  void givenKeyAndOrg_itIsConfiguredWithTheDefaultUrl() {
    CodegenSettings s =
        CodegenSettings.from(Map.of("CODEGEN_API_KEY", "sk-secret", "CODEGEN_ORG_ID", "1234"));
    assertThat(s.configured()).isTrue();
    assertThat(s.apiUrl().toString()).isEqualTo("https://api.codegen.com/");
    assertThat(s.orgId()).isEqualTo("1234");
    assertThat(s.toString()).doesNotContain("sk-secret");
  }

  @Test
  void givenAKeyWithoutOrg_itNamesCodegenOrgId() {
    assertThatThrownBy(() -> CodegenSettings.from(Map.of("CODEGEN_API_KEY", "sk-secret")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CODEGEN_ORG_ID")
        .hasMessageNotContaining("sk-secret");
  }

  @Test
  void givenANonNumericOrg_itNamesCodegenOrgId() {
    assertThatThrownBy(
            () -> CodegenSettings.from(Map.of("CODEGEN_API_KEY", "k", "CODEGEN_ORG_ID", "acme")))
        .hasMessageContaining("CODEGEN_ORG_ID");
  }

  @Test
  void givenABadUrl_itNamesCodegenApiUrl() {
    assertThatThrownBy(
            () ->
                CodegenSettings.from(
                    Map.of(
                        "CODEGEN_API_KEY", "k", "CODEGEN_ORG_ID", "1", "CODEGEN_API_URL", "api")))
        .hasMessageContaining("CODEGEN_API_URL");
  }

  @Test
  void givenNothing_itIsNotConfigured() {
    CodegenSettings s = CodegenSettings.from(Map.of());
    assertThat(s.configured()).isFalse();
    assertThat(s.mockMode()).isFalse();
  }

  @Test
  void givenMockMode_aKeyWithoutOrgIsAccepted() {
    CodegenSettings s =
        CodegenSettings.from(Map.of("CODEGEN_API_KEY", "k", "CODEGEN_ENABLE_MOCK_MODE", "TRUE"));
    assertThat(s.mockMode()).isTrue();
    assertThat(s.configured()).isFalse();
  }

  @Test
  void givenAnUnreadableMockFlag_itNamesTheVariable() {
    assertThatThrownBy(() -> CodegenSettings.from(Map.of("CODEGEN_ENABLE_MOCK_MODE", "maybe")))
        .hasMessageContaining("CODEGEN_ENABLE_MOCK_MODE");
  }

  @Test
  void givenACustomUrl_itIsUsed() {
    CodegenSettings s =
        CodegenSettings.from(
            Map.of(
                "CODEGEN_API_KEY",
                "k",
                "CODEGEN_ORG_ID",
                "1",
                "CODEGEN_API_URL",
                "http://localhost:9000/codegen"));
    assertThat(s.apiUrl().toString()).isEqualTo("http://localhost:9000/codegen");
  }
}
