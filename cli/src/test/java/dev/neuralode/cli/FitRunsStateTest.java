package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.io.Json;
import dev.neuralode.nn.Activation;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.train.ShootingFit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint state of several fit members, saved while some have not started. */
class FitRunsStateTest {

  @TempDir Path dir;

  @Test
  void aStateSavedBeforeEveryMemberStartedReadsBackAndResumesBitForBit() throws Exception {
    double[] tau = new double[11];
    double[][] z = new double[11][];
    for (int i = 0; i < tau.length; i++) {
      tau[i] = 0.4 * i;
      z[i] = new double[] {Math.cos(tau[i]), Math.sin(tau[i])};
    }
    List<ShootingFit.Series> data = List.of(new ShootingFit.Series(tau, z));
    // one member more than the pool has threads: the last cannot start before another ends
    int k = Runtime.getRuntime().availableProcessors() + 1;
    List<ShootingFit.Settings> members = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      members.add(new ShootingFit.Settings(6, 0.01, new int[] {4}, Activation.TANH, false,
          Solver.builder().rtol(1e-5).atol(1e-7).build(), Sensitivity.backsolveAdjoint(), i,
          i % 2, 0, 0, 0, false));
    }
    List<FitRuns.State> saved = new ArrayList<>();
    FitRuns.Outcome whole = FitRuns.run(data, members, null, 1, st -> {
      synchronized (saved) {
        if (saved.isEmpty()) {
          saved.add(st);
        }
      }
    }, done -> false, (m, it, phase, loss, f, b) -> { });
    FitRuns.State first = saved.get(0);
    assertThat(first.members()).hasSize(k).doesNotContainNull();
    assertThat(first.members().get(k - 1)).isSameAs(FitRuns.NOT_STARTED);

    // through JSON, as a checkpoint file holds it (the strict reader refuses nulls)
    Path file = dir.resolve("state.json");
    Json.write(file, first);
    FitRuns.State back = Json.read(file, FitRuns.State.class);
    FitRuns.Outcome resumed = FitRuns.run(data, members, back, 0, st -> { }, done -> false,
        (m, it, phase, loss, f, b) -> { });
    for (int i = 0; i < k; i++) {
      assertThat(resumed.results().get(i).losses()).as("member %d", i)
          .containsExactly(whole.results().get(i).losses());
    }
  }
}
