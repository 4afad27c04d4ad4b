/**
 * Numeric kernels as plain loops over flat row-major {@code double[]} arrays, with a fixed
 * summation order so results are the same bits everywhere.
 */
package io.nnpipe.kernel;
