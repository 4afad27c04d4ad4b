package io.nnpipe.model;

import io.nnpipe.layer.Activations;
import io.nnpipe.layer.Layer;
import io.nnpipe.layer.LayerIO;
import io.nnpipe.layer.MaxPool2d;
import io.nnpipe.layer.Pass;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A chain of layers and the buffers between them. Forward runs the layers in order; backward runs
 * them in reverse, each layer receiving the gradient its successor wrote. Layer i reads activation
 * i and writes activation i + 1; gradient buffers mirror them. Buffers are allocated once by
 * {@link #prepare(int)} for the largest batch and reused. Not thread-safe.
 */
public final class Network {
    private final Shape input;
    private final List<Layer> layers;
    private final BackwardOverride[] overrides;
    /**
     * Per layer: it is a max pooling whose backward pass may also do the ReLU's just before it
     * ({@link #backwardSkippingInnerGradients}); false for every other layer.
     */
    private final boolean[] poolAfterRelu;
    /** Each layer's parameters, fetched once: a step must not allocate. */
    private final List<List<Parameter>> parameters;
    /**
     * The first layer with parameters or a backward override ({@link #size} if none): no gradient
     * below it reaches a parameter, so {@link #backwardSkippingInnerGradients} stops there.
     */
    private final int firstTrained;
    private LayerIO[] io;
    /** The buffers of layer {@link #firstTrained} without its input gradient (null when that is layer 0 or none). */
    private LayerIO firstTrainedNoDx;
    private int maxBatch;

    /**
     * A backward step used instead of a layer's own, for rules that depart from the chain rule
     * (the seed document's; see {@link SeedDocumentRules}). It must do everything the layer's
     * backward contract requires.
     */
    public interface BackwardOverride {
        void backward(Pass pass, Network net, int layerIndex);
    }

    public Network(Shape input, List<Layer> layers) {
        this(input, layers, new BackwardOverride[layers.size()]);
    }

    Network(Shape input, List<Layer> layers, BackwardOverride[] overrides) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        Shape s = input;
        for (Layer l : layers) {
            if (!l.inputShape().equals(s)) {
                throw new IllegalArgumentException(l.name() + " expects " + l.inputShape() + " but gets " + s);
            }
            s = l.outputShape();
        }
        this.input = input;
        this.layers = List.copyOf(layers);
        this.overrides = overrides.clone();
        List<List<Parameter>> ps = new ArrayList<>();
        for (Layer l : this.layers) {
            ps.add(List.copyOf(l.parameters()));
        }
        this.parameters = List.copyOf(ps);
        int first = 0;
        while (first < this.layers.size() && this.parameters.get(first).isEmpty() && this.overrides[first] == null) {
            first++;
        }
        this.firstTrained = first;
        this.poolAfterRelu = new boolean[this.layers.size()];
        for (int i = 1; i < this.layers.size(); i++) {
            poolAfterRelu[i] = this.layers.get(i) instanceof MaxPool2d pool && pool.fusesWithRelu()
                    && this.layers.get(i - 1) instanceof Activations.Relu
                    && this.overrides[i] == null && this.overrides[i - 1] == null;
        }
    }

    /** The same layers with these backward overrides (index-aligned; null entries keep the layer's own). */
    public Network withOverrides(BackwardOverride[] replacements) {
        return new Network(input, layers, replacements);
    }

    public Shape inputShape() {
        return input;
    }

    public Shape outputShape() {
        return layers.get(layers.size() - 1).outputShape();
    }

    public List<Layer> layers() {
        return layers;
    }

    public int size() {
        return layers.size();
    }

    /** Every parameter, layer by layer in order. */
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (List<Parameter> l : parameters) {
            ps.addAll(l);
        }
        return ps;
    }

    /** The parameters of layer i (the list is kept: no allocation). */
    public List<Parameter> parameters(int i) {
        return parameters.get(i);
    }

    /** Allocates buffers for batches of up to {@code batch} samples (again only if larger). */
    public void prepare(int batch) {
        if (io != null && batch <= maxBatch) {
            return;
        }
        maxBatch = batch;
        int n = layers.size();
        double[][] act = new double[n + 1][];
        double[][] grad = new double[n + 1][];
        act[0] = new double[batch * input.size()];
        for (int i = 0; i < n; i++) {
            int size = batch * layers.get(i).outputShape().size();
            act[i + 1] = new double[size];
            grad[i + 1] = new double[size];
        }
        io = new LayerIO[n];
        for (int i = 0; i < n; i++) {
            io[i] = new LayerIO(act[i], act[i + 1], i == 0 ? null : grad[i], grad[i + 1]);
            layers.get(i).prepare(batch);
        }
        firstTrainedNoDx = firstTrained > 0 && firstTrained < n
                ? new LayerIO(act[firstTrained], act[firstTrained + 1], null, grad[firstTrained + 1]) : null;
    }

    public int maxBatch() {
        return maxBatch;
    }

    /** The buffers of layer i. */
    public LayerIO io(int i) {
        return io[i];
    }

    /** The input buffer: fill it with the batch before {@link #forward}. */
    public double[] input() {
        return io[0].x();
    }

    /** The output buffer, valid after {@link #forward}. */
    public double[] output() {
        return io[layers.size() - 1].y();
    }

    /** The gradient buffer at the output: fill it (the loss does) before {@link #backward}. */
    public double[] outputGrad() {
        return io[layers.size() - 1].dy();
    }

    public void forward(Pass pass) {
        check(pass);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).forward(pass, io[i]);
        }
    }

    /** Zeroes every parameter gradient. */
    public void zeroGrad() {
        for (int i = 0; i < parameters.size(); i++) {
            List<Parameter> ps = parameters.get(i);
            for (int k = 0; k < ps.size(); k++) {
                ps.get(k).zeroGrad();
            }
        }
    }

    /** Backpropagates {@link #outputGrad()}, adding to the parameter gradients. */
    public void backward(Pass pass) {
        check(pass);
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (overrides[i] != null) {
                overrides[i].backward(pass, this, i);
            } else {
                layers.get(i).backward(pass, io[i]);
            }
        }
    }

    /**
     * The same as {@link #backward}, for a step that reads nothing but the parameter gradients
     * afterwards, the same bits in every one of them, with less work:
     * <ul>
     *   <li>where a ReLU feeds a max pooling whose windows tile its input, the pooling does both
     *       layers' backward passes in one ({@link MaxPool2d#backwardAfterRelu}), and the
     *       gradient buffer between them is left as it was;</li>
     *   <li>no layer before the first one with parameters (or a backward override) runs
     *       backward, and that one gets no input gradient to write (dx null, as the first layer
     *       always does): below it no gradient reaches a parameter. A network that starts with
     *       {@code flatten} (or dropout, an activation, a pooling) no longer computes its first
     *       dense layer's input gradient, a product as large as its weight gradient.</li>
     * </ul>
     * Gradient buffers this skips keep whatever they held. A traced step uses {@link #backward}:
     * it reads every buffer.
     */
    public void backwardSkippingInnerGradients(Pass pass) {
        check(pass);
        for (int i = layers.size() - 1; i >= firstTrained; i--) {
            if (i == firstTrained && firstTrainedNoDx != null && overrides[i] == null) {
                layers.get(i).backward(pass, firstTrainedNoDx);
            } else if (poolAfterRelu[i]) {
                ((MaxPool2d) layers.get(i)).backwardAfterRelu(pass, io[i], io[i - 1].dx());
                i--; // the ReLU's backward is done
            } else if (overrides[i] != null) {
                overrides[i].backward(pass, this, i);
            } else {
                layers.get(i).backward(pass, io[i]);
            }
        }
    }

    private void check(Pass pass) {
        if (io == null || pass.batch() > maxBatch) {
            throw new IllegalStateException("prepare(" + pass.batch() + ") was not called");
        }
    }
}
