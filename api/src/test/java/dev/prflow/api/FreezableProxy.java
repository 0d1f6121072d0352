package dev.prflow.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a Temporal frontend whose answers can be held back: once {@link
 * #freeze()}d, requests still reach the server but nothing comes back, as when a start is received
 * and its answer lost.
 */
final class FreezableProxy implements AutoCloseable {

  private final ServerSocket listener;
  private volatile int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private volatile boolean frozen;

  FreezableProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Sends new connections to another port: the frontend came back somewhere else. */
  void retarget(int port) {
    targetPort = port;
  }

  void freeze() {
    frozen = true;
  }

  void thaw() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
  }

  private void accept() {
    try {
      while (true) {
        Socket client = listener.accept();
        sockets.add(client);
        Socket server;
        try {
          server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException refused) {
          client.close(); // nothing listens behind the proxy
          continue;
        }
        sockets.add(server);
        pump(client, server, false);
        pump(server, client, true);
      }
    } catch (IOException closed) {
      // the proxy is closed
    }
  }

  /** Copies one direction; when either side goes away, both are closed, as a dying server does. */
  private void pump(Socket from, Socket to, boolean answers) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (from;
                  to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  if (answers) {
                    synchronized (gate) {
                      while (frozen) {
                        gate.wait();
                      }
                    }
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException closed) {
                // one side went away
              }
            },
            answers ? "proxy-answers" : "proxy-requests");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    thaw();
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
