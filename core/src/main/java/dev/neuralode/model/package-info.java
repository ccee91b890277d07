/**
 * Model descriptions: a trained model as plain data (architecture, flat parameters, scalings and
 * solver settings), rebuilt into a runnable model with {@code neuralode-core} alone, for example
 * on a server or a Spark executor that has no CLI on its class path.
 *
 * <p>{@link dev.neuralode.model.ModelDescription} is sealed over the saved kinds: {@link
 * dev.neuralode.model.OdeMlpModel} (a neural ODE with {@link dev.neuralode.nn.Mlp} dynamics fitted
 * to a standardised time series; rebuilt as a {@link dev.neuralode.model.SeriesPredictor}) and
 * {@link dev.neuralode.model.CnfModel} (a continuous normalizing flow with FFJORD's concat-squash
 * network; rebuilt as a {@link dev.neuralode.flow.Cnf}). Their parts are {@link
 * dev.neuralode.model.MlpSpec}, {@link dev.neuralode.model.CnfNetworkSpec}, {@link
 * dev.neuralode.model.SeriesScaling}, {@link dev.neuralode.data.Standardizer} and {@link
 * dev.neuralode.model.SolverSpec} (the method's name and tolerances as plain values). Parameters
 * are one flat array in {@link dev.neuralode.nn.Module#flatParameters()} order; {@link
 * dev.neuralode.model.ParameterLayout} maps it to and from named, shaped tensors, the form a file
 * stores.
 *
 * <p>Every record checks itself when constructed and throws {@link
 * dev.neuralode.model.InvalidModelException}, which names the field at fault apart from its
 * message, so that a file format can report the field in its own spelling. A rebuilt model's
 * parameters equal the described ones bit for bit, so its outputs equal the original's bit for
 * bit. The records hold no file format; the CLI's {@code model.json} (Jackson) is a thin mapping
 * on top of them.
 */
package dev.neuralode.model;
