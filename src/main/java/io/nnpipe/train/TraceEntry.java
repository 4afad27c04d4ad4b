package io.nnpipe.train;

/**
 * One tensor of a traced step: the phase ({@code forward}, {@code loss}, {@code backward},
 * {@code update}), the layer (or {@code input} / the loss id), the tensor's name, the dataset
 * index (from 1) of the sample it belongs to or 0 for per-step tensors such as parameters, and its
 * values, row-major.
 */
public record TraceEntry(String phase, String layer, String tensor, int sample, double[] values) {
}
