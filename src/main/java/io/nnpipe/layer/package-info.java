/**
 * The layers: one class each, forward and backward side by side, working on a batch of samples in
 * flat buffers owned by the network.
 */
package io.nnpipe.layer;
