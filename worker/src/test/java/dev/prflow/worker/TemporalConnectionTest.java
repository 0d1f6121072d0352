package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.GrpcMetadataProvider;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporal Cloud settings: TLS from files, a server name, an API key as a bearer header; each bad
 * value refused in one line naming its variable; and a real mutual-TLS handshake against a local
 * Temporal (the SDK's test server behind a TLS gRPC endpoint that demands a client certificate).
 */
class TemporalConnectionTest {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir static Path dir;

  private static SelfSignedCertificate server;
  private static SelfSignedCertificate client;

  @BeforeAll
  static void certificates() throws Exception {
    server = SelfSignedCertificate.generate(dir, "temporal.internal");
    client = SelfSignedCertificate.generate(dir, "prflow-worker");
  }

  @Test
  void withNoSettingsTheConnectionIsPlaintextWithoutCredentials() {
    TemporalConnection c = PrflowConfig.from(Map.of()).temporalConnection();
    assertThat(c).isEqualTo(TemporalConnection.PLAINTEXT);
    WorkflowServiceStubsOptions options = c.stubsOptions("127.0.0.1:7233").build();
    assertThat(options.getEnableHttps()).isFalse();
    assertThat(options.getSslContext()).isNull();
    assertThat(options.getGrpcMetadataProviders()).isNullOrEmpty();
  }

  @Test
  void aClientCertificateAndKeyBuildAClientTlsContext() {
    TemporalConnection c =
        TemporalConnection.from(
            Map.of(
                "TEMPORAL_TLS_CERT", client.cert().toString(),
                "TEMPORAL_TLS_KEY", client.key().toString(),
                "TEMPORAL_TLS_CA", server.cert().toString(),
                "TEMPORAL_TLS_SERVER_NAME", "temporal.internal"));
    WorkflowServiceStubsOptions options = c.stubsOptions("ns.acct.tmprl.cloud:7233").build();
    assertThat(options.getSslContext()).isNotNull();
    assertThat(options.getSslContext().isClient()).isTrue();
    assertThat(options.getChannelInitializer()).isNotNull();
    assertThat(c.serverName()).isEqualTo("temporal.internal");
  }

  @Test
  void anApiKeyAloneTurnsTlsOnAndIsSentAsABearerHeaderButNeverPrinted() {
    TemporalConnection c = TemporalConnection.from(Map.of("TEMPORAL_API_KEY", "secret-key-123"));
    WorkflowServiceStubsOptions options = c.stubsOptions("ns.acct.tmprl.cloud:7233").build();
    assertThat(c.tls()).isTrue();
    assertThat(options.getSslContext()).isNotNull();
    assertThat(authorizationHeaders(options)).containsExactly("Bearer secret-key-123");
    assertThat(c.toString()).doesNotContain("secret-key-123").contains("apiKey=set");
  }

  @Test
  void temporalTlsFalseKeepsAnApiKeyOnPlaintextForALocalProxy() {
    TemporalConnection c =
        TemporalConnection.from(Map.of("TEMPORAL_API_KEY", "k", "TEMPORAL_TLS", "false"));
    WorkflowServiceStubsOptions options = c.stubsOptions("127.0.0.1:7233").build();
    assertThat(options.getEnableHttps()).isFalse();
    assertThat(options.getSslContext()).isNull();
    assertThat(authorizationHeaders(options)).containsExactly("Bearer k");
  }

  @Test
  void eachMissingOrMalformedValueFailsInOneLineNamingItsVariable() throws Exception {
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
    Path pkcs1 =
        Files.writeString(
            dir.resolve("rsa.key"),
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    String cert = client.cert().toString();
    String key = client.key().toString();
    assertRefused(Map.of("TEMPORAL_TLS_CERT", cert), "TEMPORAL_TLS_KEY");
    assertRefused(Map.of("TEMPORAL_TLS_KEY", key), "TEMPORAL_TLS_CERT");
    assertRefused(
        Map.of("TEMPORAL_TLS_CERT", dir.resolve("missing.crt").toString(), "TEMPORAL_TLS_KEY", key),
        "TEMPORAL_TLS_CERT");
    assertRefused(
        Map.of("TEMPORAL_TLS_CERT", notPem.toString(), "TEMPORAL_TLS_KEY", key),
        "TEMPORAL_TLS_CERT");
    assertRefused(
        Map.of("TEMPORAL_TLS_CERT", cert, "TEMPORAL_TLS_KEY", notPem.toString()),
        "TEMPORAL_TLS_KEY");
    assertRefused(
        Map.of("TEMPORAL_TLS_CERT", cert, "TEMPORAL_TLS_KEY", pkcs1.toString()),
        "TEMPORAL_TLS_KEY");
    assertRefused(Map.of("TEMPORAL_TLS_CA", notPem.toString()), "TEMPORAL_TLS_CA");
    assertRefused(Map.of("TEMPORAL_TLS", "yes"), "TEMPORAL_TLS");
    assertRefused(Map.of("TEMPORAL_API_KEY", "two words"), "TEMPORAL_API_KEY");
    assertRefused(
        Map.of("TEMPORAL_TLS", "false", "TEMPORAL_TLS_CA", server.cert().toString()),
        "TEMPORAL_TLS");
  }

  private Server tlsServer;
  private TestServicesStarter services;
  private final List<String> seenAuthorization = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopServer() throws InterruptedException {
    if (tlsServer != null) {
      tlsServer.shutdownNow();
      tlsServer.awaitTermination(5, TimeUnit.SECONDS);
      services.close();
    }
  }

  @Test
  void mutualTlsWithServerNameAndApiKeyReachesATlsTemporalThatDemandsAClientCertificate()
      throws Exception {
    String address = startTlsTemporal();
    Map<String, String> env = cloudEnvironment(address);
    env.put("TEMPORAL_TLS_SERVER_NAME", "temporal.internal");
    env.put("TEMPORAL_API_KEY", "cloud-key-456");
    PrflowConfig config = PrflowConfig.from(env);
    try (TemporalRuntime runtime = TemporalLauncher.launch(config, 0, false, line -> {})) {
      runtime
          .stubs()
          .blockingStub()
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace("default").build());
      SearchAttributes.register(runtime.stubs(), "default");
      assertThat(runtime.kind()).isEqualTo("external");
    }
    assertThat(seenAuthorization).isNotEmpty().allMatch(s -> s.endsWith(" Bearer cloud-key-456"));
    assertThat(seenAuthorization)
        .anyMatch(s -> s.startsWith("temporal.api.workflowservice."))
        .anyMatch(s -> s.startsWith("temporal.api.operatorservice."));
  }

  @Test
  void withoutTheServerNameTheCertificateDoesNotMatchTheAddressAndStartFailsInOneLine()
      throws Exception {
    String address = startTlsTemporal();
    PrflowConfig config = PrflowConfig.from(cloudEnvironment(address));
    assertThatThrownBy(() -> TemporalLauncher.launch(config, 0, false, line -> {}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot reach Temporal at " + address)
        .hasMessageContaining("over TLS")
        .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
  }

  private Map<String, String> cloudEnvironment(String address) {
    Map<String, String> env = new HashMap<>();
    env.put("TEMPORAL_ADDRESS", address);
    env.put("TEMPORAL_TLS_CERT", client.cert().toString());
    env.put("TEMPORAL_TLS_KEY", client.key().toString());
    env.put("TEMPORAL_TLS_CA", server.cert().toString());
    env.put("PRFLOW_HOME", dir.resolve("home").toString());
    return env;
  }

  /** The SDK's in-memory Temporal behind TLS that requires the client's certificate. */
  private String startTlsTemporal() throws Exception {
    services = new TestServicesStarter(true, 0);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .sslContext(
                GrpcSslContexts.forServer(server.cert().toFile(), server.key().toFile())
                    .trustManager(client.cert().toFile())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    builder.intercept(
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String value = headers.get(AUTHORIZATION);
            seenAuthorization.add(
                call.getMethodDescriptor().getFullMethodName()
                    + " "
                    + (value == null ? "(none)" : value));
            return next.startCall(call, headers);
          }
        });
    tlsServer = builder.build().start();
    return "127.0.0.1:" + tlsServer.getPort();
  }

  private static List<String> authorizationHeaders(WorkflowServiceStubsOptions options) {
    return options.getGrpcMetadataProviders().stream()
        .map(GrpcMetadataProvider::getMetadata)
        .map(m -> m.get(AUTHORIZATION))
        .toList();
  }

  private static void assertRefused(Map<String, String> env, String variable) {
    assertThatThrownBy(() -> PrflowConfig.from(env), "%s", env)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(variable)
        .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
  }
}
