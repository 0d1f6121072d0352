package dev.prflow.worker;

import com.uber.m3.tally.Scope;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Finds or starts Temporal: {@code TEMPORAL_ADDRESS} when set; otherwise the temporal CLI's dev
 * server (with its Web UI) when the CLI is installed; otherwise the SDK's in-memory server on
 * loopback only. Every path checks the connection within seconds instead of hanging.
 */
public final class TemporalLauncher {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration CLI_START_TIMEOUT = Duration.ofSeconds(60);

  private TemporalLauncher() {}

  /**
   * @param preferredPort the port for an embedded server; when busy a free one is used
   */
  public static TemporalRuntime launch(
      PrflowConfig config, int preferredPort, boolean withUi, Consumer<String> say) {
    return launch(config, preferredPort, withUi, say, null);
  }

  /**
   * @param metrics where the SDK reports its metrics ({@link ProcessMetrics#temporalScope()}); null
   *     for none
   */
  public static TemporalRuntime launch(
      PrflowConfig config, int preferredPort, boolean withUi, Consumer<String> say, Scope metrics) {
    if (config.temporalAddress() != null) {
      return connect(
          "external",
          config.temporalAddress(),
          null,
          config.temporalNamespace(),
          null,
          config.temporalConnection(),
          metrics);
    }
    Optional<Path> cli = findCli(config);
    if (cli.isPresent()) {
      return startCli(cli.get(), config, preferredPort, withUi, say, metrics);
    }
    int port = portOrFree(preferredPort);
    TemporalRuntime runtime = startInMemory(port, config.temporalNamespace(), metrics);
    say.accept(
        "Temporal: in-memory server on "
            + runtime.address()
            + " (loopback only). The Web UI needs the temporal CLI: go install"
            + " github.com/temporalio/cli/cmd/temporal@v1.5.1");
    return runtime;
  }

  /** Connects in plaintext to a running server (the embedded ones, a private network). */
  public static TemporalRuntime connect(
      String kind, String address, String ui, String namespace, AutoCloseable server) {
    return connect(kind, address, ui, namespace, server, TemporalConnection.PLAINTEXT, null);
  }

  /**
   * Connects to a running server with TLS and/or an API key as {@code connection} says, the SDK
   * reporting its metrics to {@code metrics} (null: none), failing within seconds with one line
   * naming the address.
   */
  public static TemporalRuntime connect(
      String kind,
      String address,
      String ui,
      String namespace,
      AutoCloseable server,
      TemporalConnection connection,
      Scope metrics) {
    WorkflowServiceStubsOptions.Builder builder = connection.stubsOptions(address);
    if (metrics != null) {
      builder.setMetricsScope(metrics);
    }
    WorkflowServiceStubsOptions options = builder.build();
    WorkflowServiceStubs stubs;
    try {
      stubs = WorkflowServiceStubs.newConnectedServiceStubs(options, CONNECT_TIMEOUT);
    } catch (RuntimeException e) {
      closeQuietly(server);
      throw new ConfigException(
          "cannot reach Temporal at "
              + address
              + " within "
              + CONNECT_TIMEOUT.toSeconds()
              + " s"
              + (connection.tls() ? " over TLS" : "")
              + " (TEMPORAL_ADDRESS): "
              + firstLine(e));
    }
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    return new TemporalRuntime(kind, address, ui, stubs, client, server);
  }

  /** The SDK's in-memory Temporal, served over gRPC on 127.0.0.1 only. */
  public static TemporalRuntime startInMemory(int port, String namespace) {
    return startInMemory(port, namespace, null);
  }

  /** As above, the SDK reporting its metrics to {@code metrics} (null: none). */
  public static TemporalRuntime startInMemory(int port, String namespace, Scope metrics) {
    TestServicesStarter services = new TestServicesStarter(true, 0);
    ServerBuilder<?> builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server;
    try {
      server = builder.build().start();
    } catch (IOException e) {
      services.close();
      throw new ConfigException(
          "cannot start the in-memory Temporal server on 127.0.0.1:"
              + port
              + ": "
              + e.getMessage());
    }
    AutoCloseable stop =
        () -> {
          server.shutdownNow();
          server.awaitTermination(5, TimeUnit.SECONDS);
          services.close();
        };
    TemporalRuntime runtime =
        connect(
            "in-memory",
            "127.0.0.1:" + server.getPort(),
            null,
            namespace,
            stop,
            TemporalConnection.PLAINTEXT,
            metrics);
    SearchAttributes.register(runtime.stubs(), namespace);
    return runtime;
  }

  private static TemporalRuntime startCli(
      Path cli,
      PrflowConfig config,
      int preferredPort,
      boolean withUi,
      Consumer<String> say,
      Scope metrics) {
    int port = portOrFree(preferredPort);
    int uiPort = portOrFree(preferredPort == 7233 ? 8233 : 0);
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            cli.toString(),
            "server",
            "start-dev",
            "--ip",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--log-level",
            "error",
            "--namespace",
            config.temporalNamespace()));
    for (String attribute : SearchAttributes.DEFINITIONS) {
      command.add("--search-attribute");
      command.add(attribute);
    }
    if (withUi) {
      command.addAll(List.of("--ui-port", String.valueOf(uiPort)));
    } else {
      command.add("--headless");
    }
    Process process;
    try {
      Files.createDirectories(config.home());
      File log = config.home().resolve("temporal-dev-server.log").toFile();
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cli, e);
    }
    AutoCloseable stop =
        () -> {
          process.destroy();
          if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        };
    String address = "127.0.0.1:" + port;
    long deadline = System.nanoTime() + CLI_START_TIMEOUT.toNanos();
    while (!listening(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        closeQuietly(stop);
        throw new ConfigException(
            "the temporal CLI dev server did not start on "
                + address
                + "; see "
                + config.home().resolve("temporal-dev-server.log"));
      }
      sleep(200);
    }
    String ui = withUi ? "http://127.0.0.1:" + uiPort : null;
    say.accept(
        "Temporal: dev server (" + cli + ") on " + address + (ui == null ? "" : ", Web UI " + ui));
    return connect(
        "cli",
        address,
        ui,
        config.temporalNamespace(),
        stop,
        TemporalConnection.PLAINTEXT,
        metrics);
  }

  static Optional<Path> findCli(PrflowConfig config) {
    if (config.temporalCli() != null) {
      Path p = Path.of(config.temporalCli());
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "temporal"))) {
        return Optional.of(Path.of(dir, "temporal"));
      }
    }
    return Optional.empty();
  }

  static int portOrFree(int preferred) {
    if (preferred > 0) {
      try (ServerSocket s = new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException busy) {
        // fall through to a free port
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }

  private static boolean listening(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // already failing; the first error is the one to report
    }
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
