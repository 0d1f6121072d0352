package dev.prflow.api.auth;

import io.javalin.http.Context;
import java.util.Set;

/**
 * Who is calling: the name and scopes of the API key that authenticated the request. Set on the
 * request by the authentication step before any handler runs; handlers read it to record who
 * decided (approve, reject, cancel, retry).
 */
public record Caller(String keyName, Set<String> scopes) {

  /** The request attribute the authentication step stores the caller under. */
  public static final String ATTRIBUTE = "prflow.caller";

  /** The caller of an authenticated request; null only on routes that need no key. */
  public static Caller of(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }
}
