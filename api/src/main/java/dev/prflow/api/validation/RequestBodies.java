package dev.prflow.api.validation;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads what is left of a request body the server refuses (413 and the like) before it answers.
 *
 * <p>A server that answers without reading the body leaves the client's bytes unread; Jetty then
 * closes the connection, the kernel answers the still-sending client with a reset, and the client
 * sees "connection reset" or "broken pipe" instead of the 413 (GitHub records a failed delivery,
 * {@code java.net.http} reports "header parser received no bytes"). Reading the rest first lets the
 * client finish sending and then read the answer. Bounded: a body declared or found larger than
 * {@link #DRAIN_LIMIT_BYTES} is left unread and the connection simply closed.
 */
public final class RequestBodies {

  /** The most a refused body is read for; GitHub's own cap on webhook payloads is 25 MB. */
  public static final long DRAIN_LIMIT_BYTES = 32L * 1024 * 1024;

  private RequestBodies() {}

  /** Reads and discards the rest of the body, up to {@link #DRAIN_LIMIT_BYTES}. */
  public static void discardRest(HttpServletRequest request) {
    long declared = request.getContentLengthLong();
    if (declared > DRAIN_LIMIT_BYTES) {
      return;
    }
    try {
      InputStream in = request.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      long read = 0;
      int n;
      while (read <= DRAIN_LIMIT_BYTES && (n = in.read(buffer)) != -1) {
        read += n;
      }
    } catch (IOException | IllegalStateException e) {
      // The client went away, or the body was taken as a reader: nothing left to be polite to.
    }
  }
}
