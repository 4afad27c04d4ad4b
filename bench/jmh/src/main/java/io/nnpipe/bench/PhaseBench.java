package io.nnpipe.bench;

import io.nnpipe.data.Dataset;
import io.nnpipe.kernel.Blocks;
import io.nnpipe.kernel.Finite;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.layer.Layer;
import io.nnpipe.layer.Pass;
import io.nnpipe.loss.Loss;
import io.nnpipe.loss.LossIO;
import io.nnpipe.model.Network;
import io.nnpipe.optim.Optimizer;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Parameter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where a training step's time goes, phase by phase and layer by layer:
 * {@code PhaseBench CONFIG.yaml [--threads T] [--steps S] [--warmup W]}. Runs the same phases as
 * the Trainer (batch copy, forward per layer, loss, zeroing, backward per layer, a finite check
 * of the gradients (unless the optimizer's update carries them into the parameters) and of the
 * parameters after the update, in blocks, as the Trainer's; the optimizer step) on synthetic samples and
 * prints µs per step for each.
 */
public final class PhaseBench {
    private PhaseBench() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        int threads = 1;
        int steps = 2000;
        int warmup = 1000;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Pipeline p = new PipelineReader(Registry.discover(PhaseBench.class.getClassLoader())).read(config, List.of());
        Network net = p.network();
        int batch = p.settings().batchSize();
        Dataset data = SyntheticImages.of(net.inputShape(), net.outputShape().size(), 4096, 1);
        net.prepare(batch);
        Loss loss = p.loss();
        Optimizer opt = p.optimizer().create(net.parameters());
        int width = net.outputShape().size();
        double[] targets = new double[batch * width];
        LossIO lossIO = new LossIO(width, net.output(), targets, new double[batch], net.outputGrad());
        List<Layer> layers = net.layers();
        int n = layers.size();
        String[] names = new String[2 * n + 5];
        names[0] = "load";
        for (int i = 0; i < n; i++) {
            names[1 + i] = "fwd " + layers.get(i).name();
            names[n + 3 + (n - 1 - i)] = "bwd " + layers.get(i).name();
        }
        names[n + 1] = "loss";
        names[n + 2] = "zeroGrad";
        names[2 * n + 3] = "finite check";
        names[2 * n + 4] = "optimizer";
        long[] t = new long[names.length];
        long[] stepTimes = new long[steps];
        List<Parameter> params = net.parameters();
        Blocks blocks = new Blocks(params.stream().mapToInt(Parameter::size).toArray());
        boolean[] flags = new boolean[blocks.count()];
        boolean[] grads = new boolean[1];
        Parallel.Task check = (b, worker) -> {
            double[] g = grads[0] ? params.get(blocks.array(b)).grad() : params.get(blocks.array(b)).value();
            flags[b] = Finite.anyNonFinite(g, blocks.from(b), blocks.to(b, g.length));
        };
        // as the Trainer's FaultCheck: the gradients before the update unless the optimizer's
        // update carries any non-finite gradient into its parameter; the parameters after it
        boolean checkGradients = !opt.nonFiniteGradientsReachParameters();
        int size = net.inputShape().size();
        try (Parallel parallel = Parallel.threads(threads)) {
            for (int s = 0; s < warmup + steps; s++) {
                if (s == warmup) {
                    java.util.Arrays.fill(t, 0);
                }
                int k = 0;
                long a = System.nanoTime();
                long start = a;
                for (int i = 0; i < batch; i++) {
                    int idx = (s * batch + i) % data.size();
                    data.input(idx, net.input(), i * size);
                    data.target(idx, targets, i * width);
                }
                long b = System.nanoTime();
                t[k++] += b - a;
                Pass pass = new Pass(batch, true, s + 1, parallel);
                for (int i = 0; i < n; i++) {
                    a = b;
                    layers.get(i).forward(pass, net.io(i));
                    b = System.nanoTime();
                    t[k++] += b - a;
                }
                loss.compute(batch, lossIO);
                a = b;
                b = System.nanoTime();
                t[k++] += b - a;
                net.zeroGrad();
                a = b;
                b = System.nanoTime();
                t[k++] += b - a;
                for (int i = n - 1; i >= 0; i--) {
                    layers.get(i).backward(pass, net.io(i));
                    a = b;
                    b = System.nanoTime();
                    t[k++] += b - a;
                }
                if (checkGradients) {
                    grads[0] = true;
                    checkAll(blocks, parallel, check, flags);
                }
                a = b;
                b = System.nanoTime();
                t[k] += b - a;
                opt.step(0.01, parallel);
                a = b;
                b = System.nanoTime();
                t[k + 1] += b - a;
                grads[0] = false;
                checkAll(blocks, parallel, check, flags);
                a = b;
                b = System.nanoTime();
                t[k] += b - a;
                if (s >= warmup) {
                    stepTimes[s - warmup] = b - start;
                }
            }
        }
        long total = 0;
        for (long x : t) {
            total += x;
        }
        for (int i = 0; i < names.length; i++) {
            System.out.printf(Locale.ROOT, "%-22s %8.1f us %5.1f%%%n", names[i], t[i] / 1e3 / steps, 100.0 * t[i] / total);
        }
        System.out.printf(Locale.ROOT, "threads=%d total %.1f us/step, %.0f samples/s%n", threads, total / 1e3 / steps,
                batch * steps / (total / 1e9));
        // On a shared machine the mean includes time other processes took; the fastest tenth of
        // the steps is what the code needs when it has the cores to itself.
        java.util.Arrays.sort(stepTimes);
        System.out.printf(Locale.ROOT, "step time: 10th percentile %.1f us, median %.1f us%n",
                stepTimes[steps / 10] / 1e3, stepTimes[steps / 2] / 1e3);
    }

    private static void checkAll(Blocks blocks, Parallel parallel, Parallel.Task check, boolean[] flags) {
        blocks.run(parallel, check);
        for (boolean f : flags) {
            if (f) {
                throw new IllegalStateException("non-finite");
            }
        }
    }
}
