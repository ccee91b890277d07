/**
 * The {@code neuralode} command line (picocli): {@code demo}, {@code fit}, {@code predict},
 * {@code solve}.
 *
 * <p>Conventions shared by every command ({@link dev.neuralode.cli.CommandSupport}): outputs go
 * into {@code --out DIR} together with {@code summary.json} (the command, its settings, the
 * figures reached and the seconds taken); progress goes to stderr as a progress bar only on a
 * terminal ({@link dev.neuralode.cli.Progress}), silenced by {@code --quiet}; files are written
 * atomically. {@link dev.neuralode.cli.Errors} maps exceptions to exit statuses: 2 with one line
 * on stderr for bad input or options, 1 for solver failures, never a stack trace for either.
 *
 * <p>{@code fit} trains a neural ODE (Chen et al., "Neural Ordinary Differential Equations",
 * NeurIPS 2018) on a standardised time series with a trainable initial state and a growing-window
 * curriculum ({@link dev.neuralode.train.SeriesTrainer}); {@code predict} solves the saved model
 * (a {@link dev.neuralode.model.OdeMlpModel} rebuilt by {@link dev.neuralode.cli.SeriesModel});
 * {@code solve} solves an ODE system typed as expressions
 * ({@link dev.neuralode.cli.SolveCommand}, {@link dev.neuralode.expr}).
 */
package dev.neuralode.cli;
