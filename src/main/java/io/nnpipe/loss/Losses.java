package io.nnpipe.loss;

import io.nnpipe.layer.Layer;

/** Checks shared by the built-in losses. */
final class Losses {
    private Losses() {
    }

    /**
     * The problem with a final softmax of one output (always exactly 1, so its loss and gradient
     * never change and nothing is learned), or null when the softmax has several.
     */
    static String softmaxOfOne(Layer softmax) {
        return softmax.outputShape().size() == 1 ? "a softmax over one output is always 1, so nothing would be"
                + " learned; for two classes end with one output, a sigmoid layer and binary_cross_entropy (labels"
                + " 0 and 1), or give the softmax two outputs" : null;
    }
}
