package dev.neuralode.train;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * When a resumable training saves checkpoints and when it stops: after every {@code every}
 * iterations (but not after the last) the training hands a checkpoint to {@code save}; after
 * each iteration it polls {@code stop}, and on true it saves a last checkpoint and returns early
 * (a command then exits with status 130, as after Ctrl-C).
 *
 * @param every save after every this many iterations; 0 for never (only when stopping)
 * @param save where checkpoints go
 * @param stop polled after each iteration
 * @param <S> the checkpoint type of the training, e.g. {@link CnfTrainer.Checkpoint}
 */
public record CheckpointPolicy<S>(int every, Consumer<S> save, BooleanSupplier stop) {

  /**
   * Checks the arguments.
   *
   * @param every see the record
   * @param save see the record
   * @param stop see the record
   * @throws IllegalArgumentException if every is negative or a function is null
   */
  public CheckpointPolicy {
    if (every < 0 || save == null || stop == null) {
      throw new IllegalArgumentException("need every >= 0 (0: never), a save function and a stop"
          + " test; got every=" + every);
    }
  }

  /**
   * No checkpoints, never stop.
   *
   * @param <S> the checkpoint type
   * @return the policy
   */
  public static <S> CheckpointPolicy<S> none() {
    return new CheckpointPolicy<>(0, s -> { }, () -> false);
  }
}
