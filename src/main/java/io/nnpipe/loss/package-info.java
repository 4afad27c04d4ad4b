/**
 * Training objectives: per-sample loss values and the gradient of the batch mean.
 */
package io.nnpipe.loss;
