/**
 * What a run writes: CSV files, weight snapshots, traces, and the number format that reads back
 * to the identical double.
 */
package io.nnpipe.output;
