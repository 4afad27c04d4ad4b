/**
 * The training loop and its events; it knows nothing of files.
 */
package io.nnpipe.train;
