package dev.prflow.api.auth;

import dev.prflow.activities.store.ApiScope;
import io.javalin.security.RouteRole;

/**
 * The scope a route needs, declared beside the route in the route table ({@code ApiServer}) and
 * checked by {@link AccessControl} before the handler runs.
 */
public record RequiredScope(ApiScope scope) implements RouteRole {

  public static final RequiredScope TASKS_READ = new RequiredScope(ApiScope.TASKS_READ);
  public static final RequiredScope TASKS_WRITE = new RequiredScope(ApiScope.TASKS_WRITE);
  public static final RequiredScope TASKS_CONTROL = new RequiredScope(ApiScope.TASKS_CONTROL);
  public static final RequiredScope VALIDATIONS_READ = new RequiredScope(ApiScope.VALIDATIONS_READ);
  public static final RequiredScope VALIDATIONS_WRITE =
      new RequiredScope(ApiScope.VALIDATIONS_WRITE);
  public static final RequiredScope ADMIN = new RequiredScope(ApiScope.ADMIN);
}
