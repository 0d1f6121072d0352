package dev.prflow.api.auth;

import dev.prflow.activities.store.ApiKeyRow;
import dev.prflow.activities.store.ApiKeyStore;
import dev.prflow.activities.store.ApiScope;
import dev.prflow.api.validation.ApiException;
import io.github.bucket4j.Bucket;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.Endpoint;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The gate in front of every {@code /api/v1} route, run once the route is matched: the client
 * address's failure budget, the bearer key, the key's request budget, the scope the route declares
 * in the route table ({@link RequiredScope}; a route that declares none needs {@code admin}), and a
 * JSON content type for any request with a body. On success the caller is on the request as {@link
 * Caller}. Every refusal is the usual JSON error.
 */
public final class AccessControl implements Handler {

  /** Routes under this prefix need a key; everything else is open or guards itself. */
  public static final String PROTECTED_PREFIX = "/api/v1/";

  private static final Pattern SPACES = Pattern.compile("\\s+");

  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final ApiKeyStore keys;
  private final RateLimit perKey;
  private final AddressLimiter failures;
  private final Map<Long, Bucket> budgets = new ConcurrentHashMap<>();

  public AccessControl(ApiKeyStore keys, RateLimit perKey, AddressLimiter failures) {
    this.keys = keys;
    this.perKey = perKey;
    this.failures = failures;
  }

  @Override
  public void handle(Context ctx) {
    Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    if (matched == null || !matched.path.startsWith(PROTECTED_PREFIX)) {
      return;
    }
    String address = ctx.ip();
    Budget refused = failures.refusal(address);
    if (refused != null) {
      refused.writeHeaders(ctx);
      throw new ApiException(
          429,
          "rate_limited",
          "too many failed authentications from this address; retry after "
              + refused.retryAfterSeconds()
              + " s",
          List.of());
    }
    ApiKeyRow key = authenticate(ctx, address);

    Budget budget =
        Budget.of(
            perKey,
            budgets
                .computeIfAbsent(key.id(), id -> Budget.bucket(perKey))
                .tryConsumeAndReturnRemaining(1));
    budget.writeHeaders(ctx);
    if (!budget.ok()) {
      throw new ApiException(
          429,
          "rate_limited",
          "this key may make "
              + perKey
              + " requests (PRFLOW_RATE_LIMIT); retry after "
              + budget.retryAfterSeconds()
              + " s",
          List.of());
    }

    Roles roles = matched.metadata(Roles.class);
    ApiScope needed = requiredScope(roles == null ? Set.of() : roles.getRoles());
    if (!needed.isGrantedBy(key.scopes())) {
      throw new ApiException(
          403,
          "forbidden",
          "the key '" + key.name() + "' lacks the scope " + needed.wireName() + " this route needs",
          List.of());
    }

    if (BODY_METHODS.contains(ctx.method().name()) && hasBody(ctx) && !isJson(ctx.contentType())) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "a request body must be sent as Content-Type: application/json"
              + (ctx.contentType() == null ? "" : ", not " + ctx.contentType()),
          List.of());
    }

    Set<String> scopes = new LinkedHashSet<>();
    key.scopes().forEach(s -> scopes.add(s.wireName()));
    ctx.attribute(Caller.ATTRIBUTE, new Caller(key.name(), Set.copyOf(scopes)));
  }

  /** Forgets the request budget of revoked keys (keys are few; this keeps the map honest). */
  public void forget(long keyId) {
    budgets.remove(keyId);
  }

  private ApiKeyRow authenticate(Context ctx, String address) {
    String header = ctx.header("Authorization");
    String problem;
    ApiKeyRow found = null;
    if (header == null || header.isBlank()) {
      problem =
          "this route needs an API key: send 'Authorization: Bearer <key>' (make one with prflow"
              + " keys create)";
    } else {
      String[] parts = SPACES.split(header.strip(), 2);
      if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
        problem = "the Authorization header must be 'Bearer <key>'";
      } else {
        found = keys.authenticate(parts[1].strip()).orElse(null);
        problem = found == null ? "the API key is unknown or revoked" : null;
      }
    }
    if (found == null) {
      failures.recordFailure(address);
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(401, "unauthenticated", problem, List.of());
    }
    return found;
  }

  private static ApiScope requiredScope(Set<RouteRole> roles) {
    for (RouteRole role : roles) {
      if (role instanceof RequiredScope r) {
        return r.scope();
      }
    }
    return ApiScope.ADMIN;
  }

  private static boolean hasBody(Context ctx) {
    return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
  }

  /** {@code application/json}, with or without parameters such as {@code charset}. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return media.equals("application/json");
  }
}
