package io.nnpipe.cli;

import io.nnpipe.data.Dataset;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.output.AtomicFiles;
import io.nnpipe.output.EvaluationReport;
import io.nnpipe.output.Predictions;
import io.nnpipe.output.SnapshotReader;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.plugin.Registry;
import io.nnpipe.train.Evaluator;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code pipeline evaluate CONFIG.yaml --weights SNAPSHOT.csv}: builds the config's network, loads
 * the snapshot into it (checked against the network), and measures it in inference mode on the
 * config's test set (or, with {@code --data train}, its training set): loss, accuracy and the
 * confusion matrix, printed to stdout and written as CSV ({@link EvaluationReport}); with
 * {@code --predictions FILE} also every sample's outputs, prediction and loss ({@link Predictions}). The CSV goes
 * to {@code --out FILE} ({@code -}: to stdout, in place of the table), by default
 * {@code evaluation-<snapshot name>} in the run folder (the
 * folder above {@code weights/}), or beside the snapshot when it is not in a {@code weights/}
 * folder. Batches are the config's {@code batch_size}, so the numbers equal the training run's
 * {@code epochs.csv} test columns for the same weights, bit for bit.
 */
final class EvaluateCommand {
    private final PrintStream out;

    EvaluateCommand(PrintStream out) {
        this.out = out;
    }

    static Options options() {
        Options o = CommonOptions.base();
        o.addOption(CommonOptions.weightsOption("evaluate"));
        o.addOption(Option.builder("o").longOpt("out").hasArg().argName("FILE")
                .desc("write the CSV here, or - for stdout instead of the table (default: evaluation-<snapshot name> in the run folder)").build());
        o.addOption(Option.builder().longOpt("data").hasArg().argName("SET")
                .desc("which samples: test (default) or train").build());
        o.addOption(Option.builder().longOpt("predictions").hasArg().argName("FILE")
                .desc("also write every sample's outputs, prediction and loss here, as CSV").build());
        return o;
    }

    int run(String[] args) {
        Options options = options();
        CommandLine cmd = CommonOptions.parse(options, args);
        if (cmd.hasOption("help")) {
            CommonOptions.help(out, "pipeline evaluate [options] CONFIG.yaml --weights SNAPSHOT.csv",
                    "Measures saved weights on the config's test data: loss, accuracy, confusion matrix.", options);
            return Exit.OK;
        }
        if (CommonOptions.answeredInfo(cmd, out)) {
            return Exit.OK;
        }
        Logging.configure(cmd.hasOption("quiet"), cmd.hasOption("verbose"));
        String which = cmd.getOptionValue("data", "test");
        if (!which.equals("test") && !which.equals("train")) {
            throw new UsageException("--data: expected test or train, found \"" + which + "\"");
        }
        Path weights = CommonOptions.weights(cmd);
        Registry registry = Registry.discover(Main.class.getClassLoader());
        Path config = CommonOptions.config(cmd);
        Pipeline p = CommonOptions.read(registry, config, CommonOptions.sets(cmd));
        refuseOverwritingInputs(cmd, config, weights, p);
        Dataset data = which.equals("test") ? p.test() : p.train();
        if (data == null) {
            throw new UsageException("the config has no test set (give data.test or data.split), so there is nothing"
                    + " to evaluate on; --data train evaluates on the training set");
        }
        SnapshotReader.load(weights, p.network());
        Evaluator evaluator = new Evaluator(p.network(), p.loss(), Parallel.SERIAL);
        java.util.List<String> names = classNames(p, config);
        int batch = Math.min(p.settings().batchSize(), data.size());
        Evaluator.Result r;
        if (cmd.hasOption("predictions")) { // written while the samples are evaluated, never held whole
            Path file = Path.of(cmd.getOptionValue("predictions"));
            Evaluator.Result[] result = new Evaluator.Result[1];
            int outputs = p.network().outputShape().size();
            AtomicFiles.write(file, sink -> result[0] = evaluator.evaluate(data, batch, new Predictions(sink, outputs, names)));
            r = result[0];
            org.apache.logging.log4j.LogManager.getLogger("nnpipe").info("wrote {}", file);
        } else {
            r = evaluator.evaluate(data, batch);
        }
        if ("-".equals(cmd.getOptionValue("out"))) {
            out.print(EvaluationReport.csv(r, names)); // the CSV alone on stdout, for a pipe
            return Exit.OK;
        }
        Path csv = cmd.hasOption("out") ? Path.of(cmd.getOptionValue("out")) : defaultOut(weights);
        AtomicFiles.write(csv, EvaluationReport.csv(r, names));
        out.print(EvaluationReport.table(r, weights + " on the " + which + " set", names));
        org.apache.logging.log4j.LogManager.getLogger("nnpipe").info("wrote {}", csv);
        return Exit.OK;
    }

    /**
     * The classes' names when the config's data name them (an image folder: {@code class_names}),
     * one per class the network predicts, as {@code predict} names them; else null.
     */
    private static java.util.List<String> classNames(Pipeline p, Path config) {
        Path baseDir = config.getParent() == null ? Path.of("") : config.getParent();
        java.util.List<String> names = io.nnpipe.data.DeclaredData.classNames(p.resolved(), baseDir);
        int outputs = p.network().outputShape().size();
        return names != null && names.size() == io.nnpipe.data.ClassTargets.count(outputs) ? names : null;
    }

    /** Refuses --out or --predictions naming a file this command reads, or both naming one file ({@link OutputGuard}). */
    private static void refuseOverwritingInputs(CommandLine cmd, Path config, Path weights, Pipeline p) {
        OutputGuard guard = new OutputGuard().readsConfig(config, p).reads(weights, "the snapshot (--weights)");
        Path csv = "-".equals(cmd.getOptionValue("out")) ? null
                : cmd.hasOption("out") ? Path.of(cmd.getOptionValue("out")) : defaultOut(weights);
        if (csv != null) {
            guard.refuse("--out", csv);
            refuseBusyRunFolder("--out", csv);
        }
        if (cmd.hasOption("predictions")) {
            Path predictions = Path.of(cmd.getOptionValue("predictions"));
            guard.refuse("--predictions", predictions);
            refuseBusyRunFolder("--predictions", predictions);
            if (csv != null && csv.toAbsolutePath().normalize().equals(predictions.toAbsolutePath().normalize())) {
                throw new UsageException("--predictions and --out name the same file, " + csv + "; give two files");
            }
        }
    }

    /**
     * Refuses a file in a run folder that a training run is still writing (QA, sixth pass: the
     * run's {@code run.yaml} then listed the evaluation among its outputs). Reading a snapshot of
     * a run in progress stays allowed, with the CSV written elsewhere or to stdout.
     */
    private static void refuseBusyRunFolder(String option, Path file) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        if (dir != null && io.nnpipe.output.RunLock.isHeld(dir)) {
            throw new io.nnpipe.output.RunFolderException(option + ": a training run is still writing " + dir
                    + "; write " + file.getFileName() + " elsewhere (--out FILE, or --out - for stdout) or once that"
                    + " run has ended");
        }
    }

    /** {@code evaluation-<name>} in the run folder when the snapshot is in {@code weights/}, else beside it. */
    static Path defaultOut(Path weights) {
        Path dir = weights.getParent();
        String name = io.nnpipe.output.RunComparison.EVALUATION_PREFIX + weights.getFileName();
        if (dir != null && dir.getFileName() != null && dir.getFileName().toString().equals("weights")) {
            Path run = dir.getParent();
            return run == null ? Path.of(name) : run.resolve(name);
        }
        return dir == null ? Path.of(name) : dir.resolve(name);
    }
}
