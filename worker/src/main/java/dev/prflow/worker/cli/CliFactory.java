package dev.prflow.worker.cli;

import picocli.CommandLine;

/** Makes picocli's command objects, handing each people's command the context it runs in. */
public final class CliFactory implements CommandLine.IFactory {

  private final CliContext context;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  public CliFactory(CliContext context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    K made = fallback.create(cls);
    if (made instanceof CliCommand command) {
      command.use(context);
    }
    return made;
  }
}
