package dev.prflow.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics} of a process without the API ({@code prflow worker}), on {@code
 * PRFLOW_METRICS_PORT}: the Prometheus text format, no key. Anything else answers 404.
 */
final class MetricsServer implements AutoCloseable {

  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** Serves the registry on host:port (port 0: a free one); fails with one line naming the port. */
  static MetricsServer start(PrometheusMeterRegistry registry, String host, int port) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot serve metrics on "
              + host
              + ":"
              + port
              + " (PRFLOW_METRICS_PORT): "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
    server.createContext("/", exchange -> answer(exchange, registry));
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "prflow-metrics");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new MetricsServer(server);
  }

  private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      boolean metrics = path.equals("/metrics");
      int status;
      String type;
      byte[] body;
      if (metrics && (method.equals("GET") || method.equals("HEAD"))) {
        status = 200;
        type = "text/plain; version=0.0.4; charset=utf-8";
        body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      } else {
        status = metrics ? 405 : 404;
        type = "application/json";
        body =
            (metrics
                    ? "{\"error\":{\"code\":\"method_not_allowed\",\"message\":\"use GET"
                        + " /metrics\",\"fields\":[]}}"
                    : "{\"error\":{\"code\":\"not_found\",\"message\":\"this port serves GET"
                        + " /metrics only\",\"fields\":[]}}")
                .getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
