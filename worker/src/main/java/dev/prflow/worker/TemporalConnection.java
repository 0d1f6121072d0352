package dev.prflow.worker;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How prflow talks to a Temporal frontend that is not on a trusted network, e.g. Temporal Cloud:
 * TLS (mutual with a client certificate and key, an optional CA for the server's certificate and an
 * optional server name) and/or an API key sent as {@code Authorization: Bearer …}. Every value is
 * checked when read, so a missing or malformed one fails start-up with one line naming it.
 *
 * <p>The variable names are the temporal CLI's: {@code TEMPORAL_TLS_CERT}, {@code
 * TEMPORAL_TLS_KEY}, {@code TEMPORAL_TLS_CA}, {@code TEMPORAL_TLS_SERVER_NAME}, {@code
 * TEMPORAL_API_KEY}, {@code TEMPORAL_TLS}.
 */
public record TemporalConnection(
    boolean tls, SslContext sslContext, String serverName, String apiKey) {

  /** Plaintext, no credentials: the embedded servers and a Temporal on a private network. */
  public static final TemporalConnection PLAINTEXT =
      new TemporalConnection(false, null, null, null);

  public static TemporalConnection from(Map<String, String> env) {
    String certPath = blankToNull(env.get("TEMPORAL_TLS_CERT"));
    String keyPath = blankToNull(env.get("TEMPORAL_TLS_KEY"));
    String caPath = blankToNull(env.get("TEMPORAL_TLS_CA"));
    String serverName = blankToNull(env.get("TEMPORAL_TLS_SERVER_NAME"));
    String apiKey = blankToNull(env.get("TEMPORAL_API_KEY"));
    String tlsSwitch = blankToNull(env.get("TEMPORAL_TLS"));
    if (tlsSwitch != null && !tlsSwitch.equals("true") && !tlsSwitch.equals("false")) {
      throw new ConfigException("TEMPORAL_TLS must be true or false, not " + tlsSwitch);
    }
    if (certPath != null && keyPath == null) {
      throw new ConfigException("TEMPORAL_TLS_KEY is required with TEMPORAL_TLS_CERT");
    }
    if (keyPath != null && certPath == null) {
      throw new ConfigException("TEMPORAL_TLS_CERT is required with TEMPORAL_TLS_KEY");
    }
    if (apiKey != null && !apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ConfigException(
          "TEMPORAL_API_KEY must be printable ASCII without spaces (it is sent in a header)");
    }
    boolean anyTlsSetting = certPath != null || caPath != null || serverName != null;
    if ("false".equals(tlsSwitch) && anyTlsSetting) {
      throw new ConfigException(
          "TEMPORAL_TLS=false contradicts TEMPORAL_TLS_CERT, TEMPORAL_TLS_CA or"
              + " TEMPORAL_TLS_SERVER_NAME");
    }
    // An API key travels over TLS unless explicitly told otherwise (as the SDK and CLI do).
    boolean tls =
        "true".equals(tlsSwitch) || anyTlsSetting || (apiKey != null && tlsSwitch == null);
    if (!tls) {
      return apiKey == null ? PLAINTEXT : new TemporalConnection(false, null, null, apiKey);
    }
    return new TemporalConnection(true, sslContext(certPath, keyPath, caPath), serverName, apiKey);
  }

  /** Options for stubs to {@code address} with these settings; callers may add their own. */
  public WorkflowServiceStubsOptions.Builder stubsOptions(String address) {
    WorkflowServiceStubsOptions.Builder builder =
        WorkflowServiceStubsOptions.newBuilder().setTarget(address);
    if (tls) {
      builder.setSslContext(sslContext);
      if (serverName != null) {
        // The name the server's certificate is checked against (and sent as SNI), when the
        // address is an IP, a load balancer or a tunnel rather than that name.
        builder.setChannelInitializer(channel -> channel.overrideAuthority(serverName));
      }
    } else {
      builder.setEnableHttps(false);
    }
    if (apiKey != null) {
      String key = apiKey;
      builder.addApiKey(() -> key);
    }
    return builder;
  }

  /** Never prints the API key. */
  @Override
  public String toString() {
    return "TemporalConnection[tls="
        + tls
        + (serverName == null ? "" : ", serverName=" + serverName)
        + ", apiKey="
        + (apiKey == null ? "none" : "set")
        + "]";
  }

  private static SslContext sslContext(String certPath, String keyPath, String caPath) {
    try {
      SimpleSslContextBuilder builder;
      if (certPath != null) {
        byte[] cert = read("TEMPORAL_TLS_CERT", certPath);
        certificates("TEMPORAL_TLS_CERT", certPath, cert);
        byte[] key = read("TEMPORAL_TLS_KEY", keyPath);
        checkPkcs8("TEMPORAL_TLS_KEY", keyPath, key);
        builder =
            SimpleSslContextBuilder.forPKCS8(
                new ByteArrayInputStream(cert), new ByteArrayInputStream(key));
      } else {
        builder = SimpleSslContextBuilder.noKeyOrCertChain();
      }
      if (caPath != null) {
        byte[] ca = read("TEMPORAL_TLS_CA", caPath);
        builder.setTrustManager(trustManagers(caPath, certificates("TEMPORAL_TLS_CA", caPath, ca)));
      }
      try {
        return builder.build();
      } catch (IOException | IllegalArgumentException e) {
        // The certificate parsed above, so what remains is the key (or the pair not matching).
        throw new ConfigException(
            "TEMPORAL_TLS_KEY "
                + keyPath
                + " does not hold a usable private key for TEMPORAL_TLS_CERT: "
                + firstLine(e));
      }
    } catch (GeneralSecurityException e) {
      throw new ConfigException("TEMPORAL_TLS_CA " + caPath + ": " + firstLine(e));
    }
  }

  private static byte[] read(String variable, String path) {
    Path p = Path.of(path);
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new ConfigException(variable + " names " + path + ", which is not a readable file");
    }
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new ConfigException(variable + " " + path + " cannot be read: " + e.getMessage());
    }
  }

  private static Collection<? extends Certificate> certificates(
      String variable, String path, byte[] pem) {
    Collection<? extends Certificate> certs;
    try (InputStream in = new ByteArrayInputStream(pem)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException(
          variable + " " + path + " is not a PEM X.509 certificate: " + firstLine(e));
    }
    if (certs.isEmpty()) {
      throw new ConfigException(variable + " " + path + " holds no PEM X.509 certificate");
    }
    return certs;
  }

  private static void checkPkcs8(String variable, String path, byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    if (text.contains("-----BEGIN PRIVATE KEY-----")) {
      return;
    }
    if (text.contains("-----BEGIN RSA PRIVATE KEY-----")
        || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
      throw new ConfigException(
          variable
              + " "
              + path
              + " is a PKCS#1/SEC1 key; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in "
              + path);
    }
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new ConfigException(
          variable + " " + path + " is encrypted; give an unencrypted PKCS#8 PEM key");
    }
    throw new ConfigException(
        variable + " " + path + " is not a PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  private static TrustManager trustManagers(String path, Collection<? extends Certificate> certs)
      throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new ConfigException("TEMPORAL_TLS_CA " + path + ": " + e.getMessage());
    }
    int i = 0;
    for (Certificate cert : certs) {
      store.setCertificateEntry("ca-" + i++, cert);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers()[0];
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
