/**
 * Plots and animations rendered headless with JFreeChart: phase-plane frames ({@link
 * dev.neuralode.plot.TrajectoryPlot}), time series with model fits ({@link
 * dev.neuralode.plot.SeriesPlot}), training curves ({@link dev.neuralode.plot.LossPlot}), the
 * confusion matrices ({@link dev.neuralode.plot.ConfusionPlot}) and captioned image grids ({@link
 * dev.neuralode.plot.ImageGrid}), both plain Java2D, the
 * plasma and tab10 colour maps ({@link dev.neuralode.plot.Colormaps}) and looping GIFs ({@link
 * dev.neuralode.plot.GifWriter}, JDK ImageIO only).
 *
 * <p>Plots take plain {@code double[]} and {@code double[][]} arrays and know nothing of
 * training. Images are opaque {@code TYPE_INT_RGB}; files are written atomically through {@link
 * dev.neuralode.io.AtomicFiles}. Set {@code -Djava.awt.headless=true} (the launcher and the test
 * configuration do).
 */
package dev.neuralode.plot;
