/**
 * Optimizers (parameter updates from gradients) and learning-rate schedules.
 */
package io.nnpipe.optim;
