/**
 * What a run writes: CSV files, weight snapshots, traces, and the number format that reads back
 * to the identical double; the run manifest, checkpoints and resume, and the comparison of two
 * run folders that {@code verify} prints; after training, the loss chart and the HTML report,
 * drawn from the CSV files.
 */
package io.nnpipe.output;
