/**
 * Datasets: indexed samples with inputs, targets and class labels, read from the config or from
 * data files.
 */
package io.nnpipe.data;
