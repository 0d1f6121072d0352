package dev.prflow.worker.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A people's command: runs with a {@link CliContext} the {@link CliFactory} hands it. */
public abstract class CliCommand implements Callable<Integer> {

  private CliContext context;
  private ApiClient api;

  void use(CliContext context) {
    this.context = context;
  }

  protected CliContext context() {
    if (context == null) {
      context = CliContext.system();
    }
    return context;
  }

  protected PrintWriter out() {
    return context().out();
  }

  protected PrintWriter err() {
    return context().err();
  }

  /** The API client, made on first use so that commands without the API need no key. */
  protected ApiClient api() {
    if (api == null) {
      api = new ApiClient(ApiSettings.from(context()));
    }
    return api;
  }
}
