package io.nnpipe.train;

import io.nnpipe.kernel.Blocks;
import io.nnpipe.kernel.Finite;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.layer.Layer;
import io.nnpipe.loss.LossIO;
import io.nnpipe.model.Network;
import io.nnpipe.optim.Optimizer;
import io.nnpipe.tensor.Parameter;
import java.util.List;

/**
 * Finds where training stopped being finite, so that a {@link TrainingFault} names the epoch, the
 * step, the samples and the layer: for a non-finite loss, the first layer (in forward order) whose
 * output holds a non-finite value, or the loss itself when every output is finite; for a gradient,
 * the layer and parameter (checked from the last layer back, the order backward ran); after an
 * update, the first parameter the step made non-finite.
 *
 * <p>The checks read buffers the step already has, in index order, and allocate nothing while
 * everything is finite ({@link #begin} only remembers where the step is); messages are built
 * only when a fault is found. With an optimizer through which a non-finite gradient always
 * reaches its parameter ({@link io.nnpipe.optim.Optimizer#nonFiniteGradientsReachParameters}),
 * the gradients are searched only when a parameter is not finite after the update (one pass
 * over the parameters instead of two passes a step; the same fault is reported). Not
 * thread-safe: one per trainer.
 */
final class FaultCheck {
    private final Network net;
    private final Parallel parallel;
    private final List<Parameter> all;
    private final Blocks blocks;
    private final boolean[] flags;
    private final Parallel.Task checkTask = this::checkBlock;
    /** Whether the gradients are searched only after a non-finite parameter (see the class comment). */
    private final boolean deferGradients;
    /** Asked why an update made a value non-finite; null: not asked. */
    private final Optimizer optimizer;
    private boolean checkGrads;
    private boolean updated;
    /** The learning rate of the last update (valid when {@link #updated}). */
    private double lastRate;
    private int epoch;
    private long step;
    private int[] order;
    private int start;
    private int batch;
    /** The step's loss and its values and gradient (from {@link #loss}); null: not known. */
    private String lossId;
    private LossIO lossIO;

    /** Checks before each update, gradients then parameters: for any optimizer. */
    FaultCheck(Network net, Parallel parallel) {
        this(net, parallel, false);
    }

    /**
     * Checks for {@code optimizer}'s updates, deferring the gradients' search when it allows
     * ({@link Optimizer#nonFiniteGradientsReachParameters}); a parameter its update makes
     * non-finite is explained by {@link Optimizer#whyNotFinite} when it can.
     */
    FaultCheck(Network net, Parallel parallel, Optimizer optimizer) {
        this(net, parallel, optimizer.nonFiniteGradientsReachParameters(), optimizer);
    }

    /**
     * {@code deferGradients}: the optimizer's updates make every parameter with a non-finite
     * gradient non-finite, so {@link #gradients} may leave the search to {@link #parameters}.
     */
    FaultCheck(Network net, Parallel parallel, boolean deferGradients) {
        this(net, parallel, deferGradients, null);
    }

    private FaultCheck(Network net, Parallel parallel, boolean deferGradients, Optimizer optimizer) {
        this.optimizer = optimizer;
        this.deferGradients = deferGradients;
        this.net = net;
        this.parallel = parallel;
        this.all = net.parameters();
        this.blocks = new Blocks(all.stream().mapToInt(Parameter::size).toArray());
        this.flags = new boolean[blocks.count()];
    }

    /**
     * Whether any gradient (or value) is not finite, block by block on the pool: each block sets
     * only its own flag, and the flags are read after every block has ended. The serial search
     * below, which names the first culprit, runs only when one is found.
     */
    private boolean anyNonFinite(boolean grads) {
        this.checkGrads = grads;
        blocks.run(parallel, checkTask);
        boolean any = false;
        for (boolean f : flags) {
            any |= f;
        }
        return any;
    }

    private void checkBlock(int t, int worker) {
        Parameter p = all.get(blocks.array(t));
        double[] v = checkGrads ? p.grad() : p.value();
        flags[t] = Finite.anyNonFinite(v, blocks.from(t), blocks.to(t, p.size()));
    }

    /** Remembers the step the next checks are about: its epoch, number, and samples {@code order[start ..]}. */
    void begin(int epochNo, long stepNo, int[] sampleOrder, int first, int count) {
        this.epoch = epochNo;
        this.step = stepNo;
        this.order = sampleOrder;
        this.start = first;
        this.batch = count;
    }

    /** Throws if the batch's mean loss is not finite, naming the first layer with a non-finite output. */
    void loss(double mean, String lossId) {
        loss(mean, lossId, null);
    }

    /**
     * Throws if the batch's mean loss is not finite, naming the first layer with a non-finite
     * output, or, when every output is finite, the first sample
     * whose loss in {@code io} (null: not known) is not and the likely cause.
     */
    void loss(double mean, String lossId, LossIO io) {
        this.lossId = lossId;
        this.lossIO = io;
        if (Double.isFinite(mean)) {
            return;
        }
        String where = "every layer's output was finite, so the loss '" + lossId + "' itself gave " + mean
                + (io == null ? NonFiniteLoss.UNKNOWN : NonFiniteLoss.describe(io, lossId, batch, s -> order[start + s] + 1));
        for (int i = 0; i < net.size(); i++) {
            Layer l = net.layers().get(i);
            int width = l.outputShape().size();
            int k = firstNonFinite(net.io(i).y(), batch * width);
            if (k >= 0) {
                where = "the first non-finite value is in the output of layer '" + l.name() + "' (" + l.type() + "): "
                        + net.io(i).y()[k] + " at sample " + (k / width + 1) + " of the batch, index " + k % width;
                break;
            }
        }
        throw new TrainingFault("the loss became " + mean + " at " + at() + "; " + where + "." + advice());
    }

    /**
     * Throws if a parameter gradient is not finite, naming the layer and parameter; when deferred,
     * the same is done by {@link #parameters} only if the update made some parameter non-finite.
     */
    void gradients() {
        if (!deferGradients && anyNonFinite(true)) {
            nameNonFiniteGradient();
        }
    }

    /** Throws naming the first non-finite gradient, from the last layer back (the order backward ran), if any. */
    private void nameNonFiniteGradient() {
        if (lossIO != null) {
            String cause = NonFiniteLoss.gradient(lossIO, lossId, batch, s -> order[start + s] + 1, at());
            if (cause != null) {
                throw new TrainingFault(cause + "." + advice());
            }
        }
        for (int i = net.size() - 1; i >= 0; i--) {
            List<Parameter> ps = net.parameters(i);
            for (int j = 0; j < ps.size(); j++) {
                Parameter p = ps.get(j);
                int k = firstNonFinite(p.grad(), p.size());
                if (k >= 0) {
                    throw new TrainingFault("the gradient of " + p.name() + " in layer '" + net.layers().get(i).name()
                            + "' became " + p.grad()[k] + " (index " + k + ") at " + at() + "." + advice());
                }
            }
        }
    }

    /**
     * Throws if the update just made made a parameter non-finite; when the gradients' search was
     * deferred to here, a non-finite gradient is named first, as {@link #gradients} would have.
     */
    void parameters(double learningRate) {
        lastRate = learningRate;
        if (!anyNonFinite(false)) {
            updated = true;
            return;
        }
        if (deferGradients) {
            nameNonFiniteGradient();
        }
        for (int i = 0; i < net.size(); i++) {
            List<Parameter> ps = net.parameters(i);
            for (int j = 0; j < ps.size(); j++) {
                Parameter p = ps.get(j);
                int k = firstNonFinite(p.value(), p.size());
                if (k >= 0) {
                    String why = optimizer == null ? null : optimizer.whyNotFinite(p, k);
                    throw new TrainingFault("the update of " + at() + " made " + p.name() + " of layer '"
                            + net.layers().get(i).name() + "' " + p.value()[k] + " (index " + k + ") with learning rate "
                            + io.nnpipe.output.Num.format(learningRate) + (why == null ? "." + rateAdvice(learningRate)
                                    : ": " + why + "."));
                }
            }
        }
        updated = true;
    }

    /**
     * What to try: an input that is not finite (a value the config's scale made infinite) is the
     * cause whatever the rate (QA's fifth pass: "Try a smaller learning rate" was the advice);
     * before the first update of this run the learning rate cannot be the cause.
     */
    private String advice() {
        int width = net.inputShape().size();
        boolean prepared = net.size() > 0 && batch > 0 && net.maxBatch() >= batch; // buffers exist (not in unit tests)
        int k = prepared ? firstNonFinite(net.io(0).x(), batch * width) : -1;
        if (k >= 0) {
            return " The input of sample " + (order[start + k / width] + 1) + " is " + net.io(0).x()[k] + " at index "
                    + k % width + " after the config's scale and normalize: check that sample's values and the data's"
                    + " scale.";
        }
        return updated ? rateAdvice(lastRate)
                : " This happened before any update, so the learning rate is not the cause: check the scale of the"
                        + " inputs and of the initial weights.";
    }

    /**
     * " Try a smaller learning rate.", unless at {@code rate} the optimizer's weight decay alone
     * diverges: then that is named (QA's eighth pass), as no gradient could have prevented it.
     */
    private String rateAdvice(double rate) {
        String decay = optimizer == null ? null : optimizer.decayDiverges(rate);
        return decay == null ? " Try a smaller learning rate." : " The " + decay + ".";
    }

    /** {@code epoch 3, step 17 (samples 4, 9)} or {@code (sample 4)}: numbered from 1, at most 8 listed. */
    private String at() {
        StringBuilder b = new StringBuilder("epoch ").append(epoch).append(", step ").append(step)
                .append(batch == 1 ? " (sample " : " (samples ");
        for (int i = 0; i < Math.min(batch, 8); i++) {
            b.append(i > 0 ? ", " : "").append(order[start + i] + 1);
        }
        return b.append(batch > 8 ? ", ... (" + batch + " in all))" : ")").toString();
    }

    private static int firstNonFinite(double[] v, int n) {
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(v[i])) {
                return i;
            }
        }
        return -1;
    }
}
