/**
 * Benchmarks of neuralode against its peers, run side by side in one run: JMH benchmarks for
 * kernels, single solves and gradients, and plain mains for whole training loops, start-up and
 * memory. {@link dev.neuralode.bench.Harness} runs them all and writes {@code bench/RESULTS.md}
 * and {@code bench/results.json}; {@code bench/run} builds and calls it.
 */
package dev.neuralode.bench;
