package io.nnpipe.testing;

import io.nnpipe.layer.Pass;
import io.nnpipe.model.Network;
import io.nnpipe.tensor.Parameter;
import java.util.List;

/** The full backward pass as the reference a faster path must equal, bit for bit. */
public final class Backward {
    private Backward() {
    }

    /**
     * Zeroes the gradients, runs {@link Network#backward} (every layer's input gradient too) after
     * the forward pass {@code pass}, and returns a copy of every parameter's gradient, in
     * {@link Network#parameters()} order.
     */
    public static double[][] fullGradients(Network net, Pass pass) {
        List<Parameter> ps = net.parameters();
        net.zeroGrad();
        net.backward(pass);
        double[][] grads = new double[ps.size()][];
        for (int k = 0; k < ps.size(); k++) {
            grads[k] = ps.get(k).grad().clone();
        }
        return grads;
    }
}
