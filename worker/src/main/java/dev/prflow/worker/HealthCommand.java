package dev.prflow.worker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prflow health}: asks a running API for its health; exit 0 when healthy. */
@Command(name = "health", description = "Check a running prflow API's /health.")
final class HealthCommand implements Callable<Integer> {

  @Option(
      names = "--url",
      description = "API base URL (default http://127.0.0.1:$PRFLOW_HTTP_PORT)")
  String url;

  @Override
  public Integer call() {
    String base =
        url != null ? url : "http://127.0.0.1:" + PrflowConfig.fromEnvironment().httpPort();
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/health"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      System.out.println(r.body());
      return r.statusCode() == 200 ? 0 : 1;
    } catch (Exception e) {
      System.err.println("prflow: no API answering at " + base + ": " + e.getMessage());
      return 1;
    }
  }
}
