package io.nnpipe.check;

import io.nnpipe.check.FiniteDifferences.Target;
import io.nnpipe.data.Dataset;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.layer.Layer;
import io.nnpipe.layer.LayerIO;
import io.nnpipe.layer.Pass;
import io.nnpipe.loss.Loss;
import io.nnpipe.loss.LossIO;
import io.nnpipe.model.Network;
import io.nnpipe.tensor.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a whole network's backward pass, as training runs it, against finite differences of the
 * batch-mean loss of the first {@code n} samples of a dataset ({@link FiniteDifferences}).
 *
 * <p>What is compared, in one training-mode pass at step 1 (so dropout keeps the mask of step 1
 * fixed for every evaluation, and batch norm uses the batch's statistics): every parameter's
 * gradient (what {@link Network#backward} adds), every layer's input gradient (what its backward
 * writes; for the first layer, whose input gradient training never asks for, its backward is run
 * once more with a buffer for it), and the loss's gradient at the network's output. Each numeric
 * derivative perturbs one element and reruns the layers from the one that reads it, with buffers
 * of its own, then the loss. Seed-document rules (backward overrides) are part of the backward
 * checked, so they show as failures: they are not the gradient.
 */
public final class NetworkCheck {
    private final Network net;
    private final Loss loss;
    private final Pass pass;
    private final double[][] act;
    private final LayerIO[] own;
    private final double[] targets;
    private final double[] losses;
    private final double[] scratch;

    private NetworkCheck(Network net, Loss loss, Dataset data, Settings settings) {
        int n = settings.samples();
        this.net = net;
        this.loss = loss;
        this.pass = new Pass(n, true, 1, settings.parallel());
        int layers = net.size();
        act = new double[layers + 1][];
        act[0] = new double[n * net.inputShape().size()];
        own = new LayerIO[layers];
        for (int i = 0; i < layers; i++) {
            act[i + 1] = new double[n * net.layers().get(i).outputShape().size()];
            own[i] = new LayerIO(act[i], act[i + 1], null, null);
        }
        int width = data.targetWidth();
        targets = new double[n * width];
        int size = data.shape().size();
        for (int s = 0; s < n; s++) {
            data.input(s, act[0], s * size);
            data.target(s, targets, s * width);
        }
        losses = new double[n];
        scratch = new double[act[layers].length];
    }

    /**
     * Checks {@code net} (its parameters as they are; restored bit for bit afterwards) with
     * {@code loss} on samples 0 .. n-1 of {@code data}; returns one result per tensor, layer by
     * layer in network order (parameters in the layer's order, then its input), then the loss's.
     */
    public static List<TensorCheck> run(Network net, Loss loss, Dataset data, Settings settings) {
        if (settings.samples() > data.size()) {
            throw new IllegalArgumentException("samples must be 1.." + data.size() + ": " + settings.samples());
        }
        return new NetworkCheck(net, loss, data, settings).check(settings.tolerance(), settings.maxElements());
    }

    /**
     * How to check: on the first {@code samples} samples as one batch, at most {@code maxElements}
     * elements per tensor ({@link FiniteDifferences.Target}), with {@code tolerance}, the kernels
     * running on {@code parallel} (which changes no bit).
     */
    public record Settings(int samples, int maxElements, Tolerance tolerance, Parallel parallel) {
        public Settings {
            if (samples < 1 || maxElements < 1) {
                throw new IllegalArgumentException("samples and maxElements must be positive: " + samples + ", " + maxElements);
            }
        }
    }

    private List<TensorCheck> check(Tolerance tol, int max) {
        Analytic a = analytic();
        int layers = net.size();
        List<List<TensorCheck>> perLayer = new ArrayList<>();
        forwardFrom(0); // the own buffers now hold every activation at the unperturbed point
        TensorCheck lossRow = new TensorCheck(loss.id(), "input", act[layers].length);
        FiniteDifferences.compare(new Target(act[layers], a.lossGrad, max), this::meanLoss, tol, lossRow);
        // last layer first: perturbing layer i reruns layers i.., so the activations below i stay as computed
        for (int i = layers - 1; i >= 0; i--) {
            Layer layer = net.layers().get(i);
            List<TensorCheck> rows = new ArrayList<>();
            int from = i;
            List<Parameter> ps = net.parameters(i);
            for (int k = 0; k < ps.size(); k++) {
                TensorCheck row = new TensorCheck(layer.name(), ps.get(k).name(), ps.get(k).size());
                FiniteDifferences.compare(new Target(ps.get(k).value(), a.paramGrads[i][k], max), () -> forwardFrom(from), tol, row);
                rows.add(row);
            }
            TensorCheck input = new TensorCheck(layer.name(), "input", act[i].length);
            FiniteDifferences.compare(new Target(act[i], a.inputGrads[i], max), () -> forwardFrom(from), tol, input);
            rows.add(input);
            perLayer.add(0, rows);
        }
        List<TensorCheck> all = new ArrayList<>();
        perLayer.forEach(all::addAll);
        all.add(lossRow);
        return all;
    }

    /** The backward pass's gradients, copied: parameter gradients per layer, input gradient per layer, loss gradient. */
    private record Analytic(double[][][] paramGrads, double[][] inputGrads, double[] lossGrad) {
    }

    private Analytic analytic() {
        int n = pass.batch();
        int layers = net.size();
        net.prepare(n);
        System.arraycopy(act[0], 0, net.input(), 0, act[0].length);
        net.forward(pass);
        loss.compute(n, new LossIO(net.outputShape().size(), net.output(), targets, losses, net.outputGrad()));
        double[] lossGrad = java.util.Arrays.copyOf(net.outputGrad(), act[layers].length);
        net.zeroGrad();
        net.backward(pass);
        double[][][] params = new double[layers][][];
        double[][] inputs = new double[layers][];
        for (int i = 0; i < layers; i++) {
            List<Parameter> ps = net.parameters(i);
            params[i] = new double[ps.size()][];
            for (int k = 0; k < ps.size(); k++) {
                params[i][k] = ps.get(k).grad().clone();
            }
            if (i > 0) {
                inputs[i] = java.util.Arrays.copyOf(net.io(i).dx(), act[i].length);
            }
        }
        // the first layer's input gradient, which training never computes (its parameter gradients were copied above)
        LayerIO first = net.io(0);
        inputs[0] = new double[act[0].length];
        net.layers().get(0).backward(pass, new LayerIO(first.x(), first.y(), inputs[0], first.dy()));
        net.zeroGrad();
        return new Analytic(params, inputs, lossGrad);
    }

    /** Runs layers {@code from}.. on the own buffers and returns the batch-mean loss. */
    private double forwardFrom(int from) {
        for (int i = from; i < net.size(); i++) {
            net.layers().get(i).forward(pass, own[i]);
        }
        return meanLoss();
    }

    private double meanLoss() {
        int n = pass.batch();
        loss.compute(n, new LossIO(net.outputShape().size(), act[net.size()], targets, losses, scratch));
        double sum = 0;
        for (int s = 0; s < n; s++) {
            sum += losses[s];
        }
        return sum / n;
    }
}
