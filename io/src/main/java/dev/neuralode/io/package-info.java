/**
 * File formats of the {@code neuralode} command and the Spark jobs (module {@code neuralode-io},
 * on top of {@code neuralode-core} and Jackson): CSV time series in ({@link
 * dev.neuralode.io.TimeSeriesCsv}) and numeric tables out ({@link dev.neuralode.io.Csv}), JSON
 * files ({@link dev.neuralode.io.Json}), model files ({@link dev.neuralode.io.ModelFile}, {@link
 * dev.neuralode.io.CnfModelFile}: the JSON form of the core descriptions in {@link
 * dev.neuralode.model}, which check the fields and rebuild the models), and atomic writes ({@link dev.neuralode.io.AtomicFiles}) so that an interrupted run never leaves a
 * truncated output.
 *
 * <p>Bad user input is reported as {@link dev.neuralode.io.InputException}: one line naming the
 * file, the line as a user counts lines (header = line 1), the problem and the fix. CSV follows
 * RFC 4180 as read by Jackson's CSV module; JSON is read and written with one shared Jackson
 * mapper.
 */
package dev.neuralode.io;
