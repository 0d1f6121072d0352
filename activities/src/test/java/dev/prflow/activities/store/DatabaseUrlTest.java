package dev.prflow.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void postgresqlUrlBecomesAJdbcUrlWithDecodedCredentials() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://user:p%40ss@host:5433/db", null, null);

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5433/db");
    assertThat(url.user()).isEqualTo("user");
    assertThat(url.password()).isEqualTo("p@ss");
  }

  @Test
  void postgresSchemeIsAnAlias() {
    DatabaseUrl url =
        DatabaseUrl.parse("postgres://app:secret@db.internal:6000/prflow", null, null);

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6000/prflow");
    assertThat(url.user()).isEqualTo("app");
    assertThat(url.password()).isEqualTo("secret");
  }

  @Test
  void portDefaultsTo5432AndQueryIsKept() {
    DatabaseUrl url =
        DatabaseUrl.parse("postgresql://app@localhost/prflow?sslmode=require", null, null);

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/prflow?sslmode=require");
    assertThat(url.user()).isEqualTo("app");
    assertThat(url.password()).isNull();
  }

  @Test
  void missingDatabaseNameDefaultsToPostgres() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://localhost", null, null);

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/postgres");
  }

  @Test
  void jdbcUrlPassesThroughWithSeparateCredentials() {
    DatabaseUrl url = DatabaseUrl.parse("  jdbc:postgresql://h:1234/db  ", "u", "pw");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:1234/db");
    assertThat(url.user()).isEqualTo("u");
    assertThat(url.password()).isEqualTo("pw");
  }

  @Test
  void separateCredentialsWinOverTheOnesInTheUrl() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://inurl:inurlpw@h/db", "given", "givenpw");

    assertThat(url.user()).isEqualTo("given");
    assertThat(url.password()).isEqualTo("givenpw");
  }

  @Test
  void rejectsOtherSchemesNamingDatabaseUrl() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:p@h:3306/db", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DATABASE_URL");
  }

  @Test
  void rejectsGarbageNamingDatabaseUrl() {
    assertThatThrownBy(() -> DatabaseUrl.parse("not a url at all", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DATABASE_URL");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://host name/db", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DATABASE_URL");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql:///db", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DATABASE_URL")
        .hasMessageContaining("host");
    assertThatThrownBy(() -> DatabaseUrl.parse("   ", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DATABASE_URL");
  }

  @Test
  void displayHidesThePassword() {
    DatabaseUrl fromJdbc =
        DatabaseUrl.parse("jdbc:postgresql://h/db?user=u&password=hunter2&ssl=true", null, null);
    DatabaseUrl fromUri = DatabaseUrl.parse("postgresql://u:hunter2@h/db", null, null);

    assertThat(fromJdbc.display())
        .doesNotContain("hunter2")
        .contains("jdbc:postgresql://h/db", "user=u", "ssl=true");
    assertThat(fromUri.display())
        .doesNotContain("hunter2")
        .isEqualTo("jdbc:postgresql://h:5432/db");
  }

  @Test
  void plusInPasswordStaysAPlus() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://u+1:pa+ss%2Fx@h/db", null, null);
    assertThat(url.user()).isEqualTo("u+1");
    assertThat(url.password()).isEqualTo("pa+ss/x");
  }
}
