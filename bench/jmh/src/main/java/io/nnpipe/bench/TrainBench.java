package io.nnpipe.bench;

import io.nnpipe.data.Dataset;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.model.Network;
import io.nnpipe.output.LossLog;
import io.nnpipe.output.RunFolder;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.plugin.Registry;
import io.nnpipe.train.EpochRecord;
import io.nnpipe.train.TrainListener;
import io.nnpipe.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains a config's network with the pipeline's own Trainer and reports steady-state throughput:
 * {@code TrainBench CONFIG.yaml [--samples N] [--epochs E] [--warmup W] [--threads T] [--log]}.
 * With {@code --samples} the training data are N synthetic samples of the network's input shape
 * ({@link SyntheticImages}); otherwise the config's own. The first W epochs (default 1) warm the
 * JIT up and are not counted. {@code --log} also writes loss.csv/epochs.csv (to a temporary
 * folder) as a normal run does. Prints one line of {@code key=value} pairs, including the peak
 * resident memory of this process (VmHWM).
 */
public final class TrainBench {
    private TrainBench() {
    }

    public static void main(String[] args) throws IOException {
        Path config = Path.of(args[0]);
        int samples = 0;
        int epochs = 3;
        int warmup = 1;
        int threads = 1;
        boolean log = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--log" -> log = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Pipeline p = new PipelineReader(Registry.discover(TrainBench.class.getClassLoader())).read(config, List.of());
        Dataset train = samples > 0
                ? SyntheticImages.of(p.network().inputShape(), p.network().outputShape().size(), samples, 1)
                : p.train();
        Pipeline.Settings s = p.settings();
        Pipeline.Settings settings = new Pipeline.Settings(s.seed(), epochs, s.batchSize(), s.shuffle(), s.learningRate(),
                s.schedule(), s.snapshotEvery(), s.trace());
        Pipeline run = new Pipeline(p.name(), settings, p.network(), p.loss(), p.optimizer(), train, null, p.resolved(),
                p.inputTransform());
        List<Long> ends = new ArrayList<>();
        Path dir = Files.createTempDirectory("nnpipe-bench");
        try (Parallel parallel = Parallel.threads(threads)) {
            Trainer trainer = new Trainer(run, parallel);
            LossLog lossLog = log ? new LossLog(RunFolder.at(dir)) : null;
            if (lossLog != null) {
                trainer.addListener(lossLog);
            }
            trainer.addListener(new TrainListener() {
                @Override
                public void started(Network network, int startEpoch) {
                    ends.add(System.nanoTime());
                }

                @Override
                public void epochEnded(EpochRecord record, Network network) {
                    ends.add(System.nanoTime());
                }
            });
            trainer.run();
            if (lossLog != null) {
                lossLog.close();
            }
            double seconds = (ends.get(epochs) - ends.get(warmup)) / 1e9;
            double counted = (double) train.size() * (epochs - warmup);
            double steps = (double) trainer.stepsPerEpoch() * (epochs - warmup);
            System.out.printf(Locale.ROOT, "workload=%s threads=%d batch=%d samples_per_s=%.1f steps_per_s=%.1f"
                    + " seconds=%.3f peak_rss_mib=%.1f%n", p.name(), threads, s.batchSize(), counted / seconds,
                    steps / seconds, seconds, peakRssMib());
        } finally {
            deleteTree(dir);
        }
    }

    private static double peakRssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
