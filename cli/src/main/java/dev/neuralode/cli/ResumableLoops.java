package dev.neuralode.cli;

import dev.neuralode.nn.Parameter;
import dev.neuralode.optim.Adam;
import dev.neuralode.optim.LrSchedule;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.ParameterSet;
import dev.neuralode.train.ShuffledBatches;
import dev.neuralode.train.StepReport;
import dev.neuralode.train.Trainer;
import dev.neuralode.train.TrainingListener;
import dev.neuralode.train.TrainingObjective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * Checkpoints and bit-identical resume for commands that train one model or several one after
 * another with the core {@link Trainer} and Adam ({@code latent}, {@code demo anode}, {@code demo
 * latent}, {@code demo mnist}). Each model's training is a <em>loop</em>; a checkpoint ({@link
 * Stages}) holds the final state of the loops already finished and the state of the current one:
 * its iteration, parameters, Adam's moments, the positions of the random generators and batch
 * samplers the objective draws from, the loss and NFE of every iteration so far, and the
 * command's own notes (e.g. accuracies measured during training). A loop resumed from its state
 * continues bit for bit as the uninterrupted loop; a finished loop is "resumed" at its end, so the
 * command recomputes the figures of its final model exactly.
 *
 * <p>One object per run: call {@link #loop} once per model, in the same order every time.
 */
final class ResumableLoops {

  /**
   * The state of one loop after {@code iteration} steps.
   *
   * @param iteration the steps done
   * @param parameters the parameters' values, in {@code parameters()} order
   * @param adam the optimizer's state
   * @param rngs the positions of the loop's random generators, in the order given to {@link #loop}
   * @param batches the positions of its batch samplers, in order
   * @param losses the loss of every step so far
   * @param nfeForward the forward NFE of every step so far
   * @param nfeBackward the backward NFE of every step so far
   * @param notes what the command recorded during the loop, e.g. {iteration, accuracy} rows
   */
  record State(int iteration, double[][] parameters, Adam.State adam, List<Rng.State> rngs,
      List<ShuffledBatches.State> batches, double[] losses, long[] nfeForward, long[] nfeBackward,
      List<double[]> notes) {

    /**
     * The total forward NFE.
     *
     * @return the sum over the steps
     */
    long totalNfeForward() {
      return Arrays.stream(nfeForward).sum();
    }

    /**
     * The total backward NFE.
     *
     * @return the sum over the steps
     */
    long totalNfeBackward() {
      return Arrays.stream(nfeBackward).sum();
    }
  }

  /**
   * A checkpoint of a run: the loops finished and the current one.
   *
   * @param finished the final states of the loops done, in order
   * @param current the state of the loop in progress
   */
  record Stages(List<State> finished, State current) {}

  /**
   * What one loop did.
   *
   * @param state its state at the end (final, or where it stopped)
   * @param stopped whether a stop request ended it early (a checkpoint was saved)
   * @param seconds the wall-clock time of this call's iterations
   */
  record Outcome(State state, boolean stopped, double seconds) {}

  private final Stages resume;
  private final int every;
  private final Consumer<Stages> save;
  private final LongPredicate stop;
  private final List<State> finished = new ArrayList<>();
  private long stepsThisRun;

  /**
   * Loops for one run.
   *
   * @param resume the checkpoint to continue from, or null
   * @param every save a checkpoint after every this many steps of a loop (0: only when stopped)
   * @param save where checkpoints go
   * @param stop polled after every step with the steps done over all loops (those of the
   *     checkpoint resumed from included); true stops the run with a last checkpoint
   */
  ResumableLoops(Stages resume, int every, Consumer<Stages> save, LongPredicate stop) {
    this.resume = resume;
    this.every = every;
    this.save = save;
    this.stop = stop;
  }

  /**
   * No checkpoints, never stops.
   *
   * @return loops that only run
   */
  static ResumableLoops none() {
    return new ResumableLoops(null, 0, s -> { }, n -> false);
  }

  /**
   * The steps a checkpoint has done over all loops, for progress.
   *
   * @param stages the checkpoint, or null
   * @return the count, 0 for null
   */
  static long stepsDone(Stages stages) {
    if (stages == null) {
      return 0;
    }
    long n = stages.current().iteration();
    for (State s : stages.finished()) {
      n += s.iteration();
    }
    return n;
  }

  /**
   * Runs the next loop, from the checkpoint's state for it if there is one.
   *
   * @param iterations the loop's steps
   * @param schedule its learning rate by 0-based step
   * @param params the parameters, freshly made as in an uninterrupted run
   * @param adam a fresh Adam
   * @param rngs the generators the objective draws from, freshly made (their positions are
   *     restored)
   * @param batches the batch samplers it draws from, freshly made
   * @param notes the command's own record of the loop, e.g. rows it appends or arrays it updates
   *     in place (read them through the list, as a resumed loop replaces its content with the
   *     checkpoint's)
   * @param objective the objective
   * @param listeners told about every step after the state is recorded
   * @return what the loop did; when {@link Outcome#stopped()}, end the run with status 130
   * @throws IllegalArgumentException if the checkpoint does not fit these parameters
   */
  Outcome loop(int iterations, LrSchedule schedule, List<Parameter> params, Adam adam,
      List<Rng> rngs, List<ShuffledBatches> batches, List<double[]> notes,
      TrainingObjective objective, TrainingListener... listeners) {
    int index = finished.size();
    State from = null;
    if (resume != null) {
      from = index < resume.finished().size() ? resume.finished().get(index)
          : index == resume.finished().size() ? resume.current() : null;
    }
    double[] losses = new double[iterations];
    long[] nfeF = new long[iterations];
    long[] nfeB = new long[iterations];
    int start = 0;
    if (from != null) {
      restore(from, iterations, params, adam, rngs, batches);
      start = from.iteration();
      System.arraycopy(from.losses(), 0, losses, 0, start);
      System.arraycopy(from.nfeForward(), 0, nfeF, 0, start);
      System.arraycopy(from.nfeBackward(), 0, nfeB, 0, start);
      notes.clear();
      for (double[] n : from.notes()) {
        notes.add(n.clone());
      }
    }
    int[] done = {start};
    java.util.function.Supplier<State> snapshot = () -> {
      double[][] values = new double[params.size()][];
      for (int i = 0; i < values.length; i++) {
        values[i] = params.get(i).value().toArray();
      }
      int k = done[0];
      List<double[]> kept = new ArrayList<>();
      for (double[] n : notes) {
        kept.add(n.clone());
      }
      return new State(k, values, adam.state(), rngs.stream().map(Rng::state).toList(),
          batches.stream().map(ShuffledBatches::state).toList(), Arrays.copyOf(losses, k),
          Arrays.copyOf(nfeF, k), Arrays.copyOf(nfeB, k), kept);
    };
    TrainingListener record = new TrainingListener() {
      @Override
      public void onStep(StepReport r) {
        int i = r.iteration() - 1;
        losses[i] = r.loss();
        nfeF[i] = r.nfeForward();
        nfeB[i] = r.nfeBackward();
        done[0] = r.iteration();
        stepsThisRun++;
      }

      @Override
      public boolean stopRequested() {
        return stop.test(stepsDone(resume) + stepsThisRun);
      }
    };
    // Saved after the command's listeners saw the step, so that their notes are in it.
    TrainingListener periodic = r -> {
      if (every > 0 && r.iteration() % every == 0 && r.iteration() < iterations) {
        save.accept(new Stages(List.copyOf(finished), snapshot.get()));
      }
    };
    List<TrainingListener> all = new ArrayList<>();
    all.add(record);
    all.addAll(Arrays.asList(listeners));
    all.add(periodic);
    Trainer.Result run = new Trainer(new Trainer.LoopSettings(iterations, schedule, i -> false))
        .run(new ParameterSet(params), adam, objective, all, start);
    State state = snapshot.get();
    if (done[0] < iterations) {
      save.accept(new Stages(List.copyOf(finished), state));
      return new Outcome(state, true, run.seconds());
    }
    finished.add(state);
    return new Outcome(state, false, run.seconds());
  }

  private static void restore(State from, int iterations, List<Parameter> params, Adam adam,
      List<Rng> rngs, List<ShuffledBatches> batches) {
    if (from.iteration() > iterations || from.parameters().length != params.size()
        || from.rngs().size() != rngs.size() || from.batches().size() != batches.size()) {
      throw new IllegalArgumentException("the checkpoint (iteration " + from.iteration() + ", "
          + from.parameters().length + " tensors) does not fit this training; resume with the"
          + " settings stored with it");
    }
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      if (from.parameters()[i].length != p.size()) {
        throw new IllegalArgumentException("the checkpoint's tensor " + p.name() + " has "
            + from.parameters()[i].length + " values but the model needs " + p.size());
      }
      p.set(Tensor.of(from.parameters()[i].clone(), p.shape()));
    }
    if (from.adam() != null && from.adam().m() != null) {
      adam.restore(from.adam());
    }
    for (int i = 0; i < rngs.size(); i++) {
      rngs.get(i).restore(from.rngs().get(i));
    }
    for (int i = 0; i < batches.size(); i++) {
      batches.get(i).restore(from.batches().get(i));
    }
  }
}
