package dev.prflow.worker;

import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.Git;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** {@code prflow dev}: the whole stack on embedded defaults, kept running until stopped. */
@Command(name = "dev", description = "Run API + worker with embedded PostgreSQL and Temporal.")
final class DevCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    PrflowConfig config = PrflowConfig.fromEnvironment();
    Sandboxes.check(config, Console::say);
    Console.say("prflow dev: agent " + config.agent() + ", home " + config.home());
    Console.announceMockMode(config);
    // The demo repository is a repository root of its own, beside PRFLOW_REPO_ROOTS.
    Path demoRepo = config.home().resolve("demo-repo");
    Stack stack =
        Stack.start(
            config,
            new Stack.Options(true, true, true, 7233, true),
            List.of(demoRepo),
            Console::say);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Console.say("stopping: letting running activities finish…");
                  stack.close();
                  stopped.countDown();
                },
                "prflow-shutdown"));
    if (!new Git(demoRepo).isRepository()) {
      DemoRepository.create(demoRepo);
    }
    TemporalRuntime t = stack.temporal();
    Console.say("API:        http://127.0.0.1:" + stack.apiPort() + "/api/v1/tasks");
    Console.say("Temporal:   " + t.address() + " (" + t.kind() + ")");
    if (t.uiAddress() != null) {
      Console.say("Web UI:     " + t.uiAddress());
    }
    Console.say("Database:   " + stack.databaseDisplay());
    String key = LocalApiKey.mint(stack.database(), config.home(), "dev");
    Path keyFile = config.home().resolve(LocalApiKey.FILE);
    Console.say("API key:    " + key + " (admin; also in " + keyFile + ", mode 0600)");
    Console.say(
        "Try:        curl -H \"Authorization: Bearer $(cat "
            + keyFile
            + ")\" http://127.0.0.1:"
            + stack.apiPort()
            + "/api/v1/tasks");
    Console.say("API docs:   http://127.0.0.1:" + stack.apiPort() + "/docs");
    Console.say("Demo repo:  local:" + demoRepo.toAbsolutePath());
    Console.say("Repo roots: " + stack.repositoryRoots().describe());
    Console.say("Ready. Ctrl-C stops.");
    stopped.await();
    return 0;
  }
}
