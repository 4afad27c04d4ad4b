package io.nnpipe.layer;

/**
 * The buffers of one layer, owned by the network and reused for every batch: input {@code x},
 * output {@code y}, and the loss gradients {@code dy} (with respect to y, given to backward) and
 * {@code dx} (with respect to x, written by backward; {@code null} for the first layer, whose
 * input gradient nobody needs). Each holds a batch of samples one after another, each sample
 * row-major in the layer's shape.
 */
public record LayerIO(double[] x, double[] y, double[] dx, double[] dy) {
}
