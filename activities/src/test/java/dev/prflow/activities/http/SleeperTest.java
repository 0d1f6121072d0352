package dev.prflow.activities.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prflow.activities.agent.Heartbeat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SleeperTest {

  @Test
  void aLongWaitBeatsItsHeartbeatEveryStep() throws InterruptedException {
    List<String> beats = new ArrayList<>();
    Heartbeat recording =
        progress -> {
          beats.add(progress);
          return true;
        };

    Sleeper.heartbeating(() -> recording, Duration.ofMillis(20)).sleep(Duration.ofSeconds(1));

    // One beat per step of at most 20 ms: fifty on an idle machine; fewer when the machine is so
    // loaded that sleeps overrun, but never just the one beat of an unbroken sleep, and never more
    // than one per step.
    assertThat(beats).hasSizeBetween(2, 51).allMatch(b -> b.equals("waiting 1000 ms"));
  }

  @Test
  void aWaitStopsWhenTheHeartbeatSaysStop() {
    int[] beats = {0};
    Heartbeat cancelledAfterTwo = progress -> ++beats[0] <= 2;

    InterruptedException stopped =
        catchThrowableOfType(
            InterruptedException.class,
            () ->
                Sleeper.heartbeating(() -> cancelledAfterTwo, Duration.ofMillis(10))
                    .sleep(Duration.ofMinutes(10)));

    assertThat(stopped).hasMessageContaining("heartbeat said stop");
    assertThat(beats[0]).isEqualTo(3);
  }

  @Test
  void zeroAndNegativeWaitsReturnAtOnceWithoutABeat() throws InterruptedException {
    Heartbeat never =
        progress -> {
          throw new AssertionError("beat");
        };
    Sleeper sleeper = Sleeper.heartbeating(() -> never, Duration.ofSeconds(1));

    sleeper.sleep(Duration.ZERO);
    sleeper.sleep(Duration.ofSeconds(-1));
  }
}
