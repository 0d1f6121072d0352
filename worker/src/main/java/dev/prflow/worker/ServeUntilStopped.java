package dev.prflow.worker;

import java.util.concurrent.CountDownLatch;

/** Blocks until SIGTERM/SIGINT, then closes the stack gracefully. */
final class ServeUntilStopped {
  private ServeUntilStopped() {}

  static int run(Stack stack) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  stopped.countDown();
                },
                "prflow-shutdown"));
    stopped.await();
    return 0;
  }
}
