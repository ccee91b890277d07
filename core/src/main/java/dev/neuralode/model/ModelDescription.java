package dev.neuralode.model;

import java.util.List;

/**
 * A trained model described by plain data (architecture, flat parameters, scalings, solver
 * settings), from which the runnable model is rebuilt with {@code neuralode-core} alone.
 *
 * <p>Each kind is an immutable record that checks itself on construction and throws {@link
 * InvalidModelException} naming the field at fault. A file format is a mapping to and from these
 * records (the CLI's {@code model.json} is one).
 *
 * <p>Descriptions are {@link java.io.Serializable} (records: deserialisation runs the checking
 * canonical constructor again), so that a distributed job can ship a model read once on the driver
 * to its workers as plain data, e.g. a Spark broadcast.
 */
public sealed interface ModelDescription extends java.io.Serializable
    permits OdeMlpModel, CnfModel, LatentOdeModel {

  /**
   * The kind, as a file format names it.
   *
   * @return {@value OdeMlpModel#KIND} or {@value CnfModel#KIND}
   */
  String kind();

  /**
   * The data column names, in the order of the model's state components.
   *
   * @return an unmodifiable list of d distinct, non-empty names
   */
  List<String> columns();

  /**
   * The names and shapes of the dynamics network's parameters, in flat order.
   *
   * @return the layout of {@link #parameters()}
   */
  ParameterLayout layout();

  /**
   * The dynamics network's parameters, in {@link dev.neuralode.nn.Module#flatParameters()} order.
   *
   * @return a copy, of length {@code layout().size()}
   */
  double[] parameters();
}
