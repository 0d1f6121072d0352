package dev.prflow.bench;

/**
 * The drivers bench/run calls, one a figure: {@code p1}…{@code p6}, {@code jfr} and {@code report}.
 * Each prints {@code ROW} and {@code NOTE} lines (see {@link Row}, {@link Notes}) and exits
 * non-zero when it could not measure.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: Bench p1|p2|p3|p4|p5|p6|jfr|report --name value …");
      System.exit(2);
    }
    Options o = new Options(args, 1);
    switch (args[0]) {
      case "p1" -> Throughput.run(o);
      case "p2" -> Intake.run(o);
      case "p3" -> Parked.run(o);
      case "p4" -> ScanCompare.run(o);
      case "p5" -> StartTime.run(o);
      case "p6" -> StoreScale.run(o);
      case "jfr" -> JfrTop.run(o);
      case "report" -> Report.run(o);
      default -> {
        System.err.println("unknown driver " + args[0]);
        System.exit(2);
      }
    }
    System.exit(0);
  }
}
