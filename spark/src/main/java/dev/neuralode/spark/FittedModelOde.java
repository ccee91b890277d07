package dev.neuralode.spark;

import dev.neuralode.model.OdeMlpModel;
import dev.neuralode.model.SeriesPredictor;
import java.util.Arrays;
import java.util.List;

/**
 * A neural ODE fitted by {@code neuralode fit} (or a Spark fit ensemble), described by the core
 * record {@link OdeMlpModel}: the driver reads the model file, and executors receive the record
 * as plain serialisable data and rebuild the model with {@code neuralode-core} alone. Each row
 * holds an initial state in data units (one column per model column) at the data time in the
 * column named after the model's time column, or at the model's own first time when there is no
 * such column; the states are predicted at {@code times} (data units, either side of the start) as
 * {@link SeriesPredictor#predictWithStats} does.
 *
 * @param model the fitted model
 * @param times the output times in data units, at least 1, finite
 * @serial exclude
 */
public record FittedModelOde(OdeMlpModel model, double[] times) implements EnsembleOde {

  /**
   * Checks the arguments.
   *
   * @param model see the record's description
   * @param times see the record's description
   * @throws IllegalArgumentException if the model is null or a time is missing or not finite
   */
  public FittedModelOde {
    if (model == null || times == null || times.length == 0
        || Arrays.stream(times).anyMatch(t -> !Double.isFinite(t))) {
      throw new IllegalArgumentException("need a model and at least one finite output time; got model="
          + model + ", times=" + Arrays.toString(times));
    }
    times = times.clone();
  }

  @Override
  public List<String> stateColumns() {
    return model.columns();
  }

  @Override
  public List<String> parameterNames() {
    return List.of();
  }

  @Override
  public boolean requiresColumn(String name) {
    return false;
  }

  @Override
  public String startColumn() {
    return model.timeColumn();
  }

  @Override
  public double[] times() {
    return times.clone();
  }

  @Override
  public RowSolver open() {
    SeriesPredictor predictor = model.build();
    double[] t = times.clone();
    double t0 = model.t0();
    return (state, parameters, start) -> {
      SeriesPredictor.Prediction p = predictor.predictWithStats(state, Double.isNaN(start) ? t0 : start, t);
      return new Solved(p.states(), p.stats());
    };
  }
}
