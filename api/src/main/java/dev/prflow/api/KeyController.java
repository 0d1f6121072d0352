package dev.prflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.store.ApiKeyNameTakenException;
import dev.prflow.activities.store.ApiKeyRow;
import dev.prflow.activities.store.ApiKeyStore;
import dev.prflow.activities.store.ApiScope;
import dev.prflow.activities.store.NewApiKey;
import dev.prflow.api.auth.Caller;
import dev.prflow.api.validation.ApiException;
import dev.prflow.api.validation.FieldProblem;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/keys}: make, list and revoke API keys ({@code admin} only, as the route table
 * says). A key is in the answer of the request that made it and nowhere else, ever.
 */
final class KeyController {

  private static final Set<String> FIELDS = Set.of("name", "scopes");

  private final ApiKeyStore keys;
  private final ObjectMapper mapper;

  KeyController(ApiKeyStore keys, ObjectMapper mapper) {
    this.keys = keys;
    this.mapper = mapper;
  }

  void create(Context ctx) {
    JsonNode body;
    try {
      body = ctx.bodyAsBytes().length == 0 ? null : mapper.readTree(ctx.bodyAsBytes());
    } catch (Exception e) {
      throw ApiException.badRequest(
          "request body must be valid JSON",
          List.of(new FieldProblem("body", "must be valid JSON")));
    }
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest(
          "request body must be a JSON object",
          List.of(new FieldProblem("body", "must be a JSON object")));
    }
    List<FieldProblem> problems = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f)) {
                problems.add(new FieldProblem(f, "unknown field"));
              }
            });
    JsonNode nameNode = body.get("name");
    String name = nameNode != null && nameNode.isTextual() ? nameNode.asText() : null;
    if (!ApiKeyStore.isValidName(name)) {
      problems.add(
          new FieldProblem(
              "name",
              "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
    }
    EnumSet<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
    JsonNode scopesNode = body.get("scopes");
    if (scopesNode == null || !scopesNode.isArray() || scopesNode.isEmpty()) {
      problems.add(
          new FieldProblem(
              "scopes", "must be a non-empty array of " + String.join(", ", ApiScope.wireNames())));
    } else {
      for (JsonNode s : scopesNode) {
        ApiScope scope = s.isTextual() ? ApiScope.parse(s.asText()).orElse(null) : null;
        if (scope == null) {
          problems.add(
              new FieldProblem(
                  "scopes",
                  "unknown scope " + s + "; known: " + String.join(", ", ApiScope.wireNames())));
        } else {
          scopes.add(scope);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("the key request has problems", problems);
    }
    NewApiKey made;
    try {
      made = keys.create(name, scopes);
    } catch (ApiKeyNameTakenException e) {
      throw new ApiException(
          409,
          "conflict",
          "a live key is already named " + name + "; revoke it first",
          List.of(new FieldProblem("name", "already names a live key")));
    }
    Map<String, Object> answer = view(made.row());
    answer.remove("last_used_at");
    answer.remove("revoked_at");
    answer.put("key", made.key());
    ctx.header("Cache-Control", "no-store");
    ctx.header("Location", "/api/v1/keys/" + name);
    ctx.status(201).json(answer);
  }

  void list(Context ctx) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (ApiKeyRow row : keys.list()) {
      items.add(view(row));
    }
    ctx.json(Map.of("items", items));
  }

  void revoke(Context ctx) {
    String name = ctx.pathParam("name");
    Caller caller = Caller.of(ctx);
    if (caller != null && name.equals(caller.keyName())) {
      // Revoking the key in hand would lock its holder out (and a fuzzer out of the API).
      throw new ApiException(
          409,
          "own_key",
          "the key "
              + name
              + " is the one this request is made with; revoke it with another admin key or"
              + " prflow keys revoke",
          List.of());
    }
    if (!ApiKeyStore.isValidName(name) || !keys.revoke(name)) {
      throw ApiException.notFound("no live API key named " + name);
    }
    ctx.status(204);
  }

  private static Map<String, Object> view(ApiKeyRow row) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", row.name());
    v.put("scopes", row.scopes().stream().map(ApiScope::wireName).toList());
    v.put("key_prefix", row.keyPrefix());
    v.put("created_at", text(row.createdAt()));
    v.put("last_used_at", text(row.lastUsedAt()));
    v.put("revoked_at", text(row.revokedAt()));
    return v;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
