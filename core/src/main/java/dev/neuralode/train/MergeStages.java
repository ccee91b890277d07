package dev.neuralode.train;

import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.NeuralOde;
import java.util.ArrayList;
import java.util.List;

/**
 * The merging stages of a latent fit's polish ({@link ShootingFit}): from the polish's first
 * iteration to the first whole-trajectory one, equal stages whose shooting segments are runs of
 * 2, 4, 8, ... of the unmerged segments, up to the last that still cuts the longest series. None
 * without latent dimensions, or when no series has more than two segments (two would merge
 * straight into the whole series).
 */
final class MergeStages {
  private final List<ShootingObjectives> stages = new ArrayList<>();
  /** The 0-based first iteration of each stage. */
  private final int[] from;
  private final int end;

  /**
   * Builds the stages.
   *
   * @param layout the unmerged layout
   * @param s the settings (no stages when {@code s.augment()} is 0)
   * @param ode the model's ODE
   * @param mlp its network
   * @param polishFrom the polish's first iteration, 0-based
   * @param end the first whole-trajectory iteration, 0-based
   */
  MergeStages(ShootingLayout layout, ShootingFit.Settings s, NeuralOde ode, Mlp mlp,
      int polishFrom, int end) {
    if (s.augment() > 0) {
      for (int f = 2; f < layout.longestSeries(); f *= 2) {
        stages.add(new ShootingObjectives(layout.merged(f), ode, mlp, s));
      }
    }
    this.end = end;
    from = new int[stages.size()];
    for (int j = 0; j < from.length; j++) {
      from[j] = polishFrom + (int) ((long) (end - polishFrom) * j / from.length);
    }
  }

  /** Whether the polish merges at all. */
  boolean any() {
    return !stages.isEmpty();
  }

  /**
   * The stage at an iteration.
   *
   * @param it the 0-based iteration
   * @return the objectives of the stage that iteration belongs to, or null outside the stages
   */
  ShootingObjectives at(long it) {
    if (stages.isEmpty() || it < from[0] || it >= end) {
      return null;
    }
    int j = 0;
    while (j + 1 < from.length && it >= from[j + 1]) {
      j++;
    }
    return stages.get(j);
  }
}
