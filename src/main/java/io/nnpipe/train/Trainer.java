package io.nnpipe.train;

import io.nnpipe.data.Dataset;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.layer.Pass;
import io.nnpipe.loss.Loss;
import io.nnpipe.loss.LossIO;
import io.nnpipe.model.Network;
import io.nnpipe.optim.Optimizer;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loop: for each epoch, the samples in order (or in a seeded shuffled order), in
 * batches; per batch forward, loss, backward, one optimizer step. Knows nothing of files: what
 * happens is reported to {@link TrainListener}s.
 *
 * <p>Randomness is derived, not carried: epoch e's order comes from a generator derived from the
 * seed and e alone, so a run resumed at an epoch boundary needs no generator state.
 */
public final class Trainer {
    private final Pipeline pipeline;
    private final Network net;
    private final Loss loss;
    private final Optimizer optimizer;
    private final Parallel parallel;
    private final List<TrainListener> listeners = new ArrayList<>();
    private final Batches batches;
    private final LossIO lossIO;
    private final Evaluator evaluator;
    private final FaultCheck faults;
    private int startEpoch;
    private long step;

    public Trainer(Pipeline pipeline, Parallel parallel) {
        this.pipeline = pipeline;
        this.net = pipeline.network();
        this.loss = pipeline.loss();
        this.parallel = parallel;
        int batch = Math.min(pipeline.settings().batchSize(), pipeline.train().size());
        net.prepare(Math.max(batch, 1));
        this.optimizer = pipeline.optimizer().create(net.parameters());
        this.batches = new Batches(pipeline.train(), net.maxBatch());
        int width = net.outputShape().size();
        this.lossIO = new LossIO(width, net.output(), batches.targets(), new double[net.maxBatch()], net.outputGrad());
        this.evaluator = new Evaluator(net, loss, parallel);
        this.faults = new FaultCheck(net, parallel, optimizer);
    }

    public void addListener(TrainListener listener) {
        listeners.add(listener);
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Continues after {@code completedEpochs} epochs whose state has been restored. */
    public void resumeAfter(int completedEpochs) {
        this.startEpoch = completedEpochs;
        this.step = (long) completedEpochs * stepsPerEpoch();
    }

    /** Optimizer steps in one epoch. */
    public long stepsPerEpoch() {
        int n = pipeline.train().size();
        int b = pipeline.settings().batchSize();
        return (n + b - 1) / b;
    }

    /**
     * Runs the remaining epochs.
     *
     * @throws TrainingFault when the loss or a gradient stops being finite
     */
    public void run() {
        for (TrainListener l : listeners) {
            l.started(net, startEpoch);
        }
        int epochs = pipeline.settings().epochs();
        for (int epoch = startEpoch + 1; epoch <= epochs; epoch++) {
            runEpoch(epoch, epochs);
        }
        for (TrainListener l : listeners) {
            l.finished(net);
        }
    }

    private void runEpoch(int epoch, int epochs) {
        Dataset train = pipeline.train();
        int[] order = order(epoch);
        double lr = ScheduledRate.of(pipeline.settings().schedule(), pipeline.settings().learningRate(), epoch, epochs);
        double lossSum = 0;
        int correct = 0;
        int batchSize = pipeline.settings().batchSize();
        for (int start = 0; start < order.length; start += batchSize) {
            int n = Math.min(batchSize, order.length - start);
            step++;
            batches.load(order, start, n, net.input());
            Pass pass = new Pass(n, true, step, parallel);
            boolean traced = pipeline.settings().trace().contains(step);
            StepTracer tracer = traced ? new StepTracer(net, pass, order, start) : null; // before forward: it keeps the buffers
            net.forward(pass);
            loss.compute(n, lossIO);
            double mean = mean(lossIO.losses(), n);
            faults.begin(epoch, step, order, start, n);
            faults.loss(mean, loss.id(), lossIO);
            for (int i = 0; i < n; i++) {
                lossSum += lossIO.losses()[i];
            }
            correct += Metrics.correct(net.output(), batches.labels(), n, net.outputShape().size(), loss.decisionThreshold());
            if (tracer != null) {
                tracer.forward(batches.targets(), lossIO.losses(), loss.id());
            }
            net.zeroGrad();
            if (traced) {
                net.backward(pass); // the tracer reads every layer's gradients
            } else {
                net.backwardSkippingInnerGradients(pass);
            }
            faults.gradients();
            if (tracer != null) {
                tracer.backward();
            }
            optimizer.step(lr, parallel);
            faults.parameters(lr);
            if (tracer != null) {
                List<TraceEntry> entries = tracer.afterUpdate(optimizer);
                for (TrainListener l : listeners) {
                    l.traced(epoch, step, entries);
                }
            }
            StepRecord record = new StepRecord(epoch, step, order[start] + 1, n, mean, lr);
            for (TrainListener l : listeners) {
                l.step(record);
            }
        }
        boolean classes = Metrics.hasClasses(train);
        double trainAcc = classes ? (double) correct / train.size() : Double.NaN;
        Evaluator.Result test = pipeline.test() == null ? null : evaluator.evaluate(pipeline.test(), net.maxBatch());
        EpochRecord record = new EpochRecord(epoch, step, lossSum / train.size(), trainAcc,
                test == null ? Double.NaN : test.loss(), test == null ? Double.NaN : test.accuracy(),
                test == null ? 0 : test.firstNonFinite() + 1);
        for (TrainListener l : listeners) {
            l.epochEnded(record, net);
        }
    }

    /** Epoch order: 0..n-1, or a permutation drawn from a generator derived from the seed and epoch. */
    int[] order(int epoch) {
        int n = pipeline.train().size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (pipeline.settings().shuffle()) {
            Rng.derive(pipeline.settings().seed(), "shuffle/epoch-" + epoch).shuffle(order);
        }
        return order;
    }

    private static double mean(double[] values, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += values[i];
        }
        return s / n;
    }
}
