package io.nnpipe.cli;

import io.nnpipe.config.ConfigException;
import io.nnpipe.config.Problem;
import io.nnpipe.data.Dataset;
import io.nnpipe.data.DeclaredData;
import io.nnpipe.data.InputFile;
import io.nnpipe.data.InputImages;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.output.AtomicFiles;
import io.nnpipe.output.PredictCsv;
import io.nnpipe.output.SnapshotReader;
import io.nnpipe.output.TextSink;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.plugin.Registry;
import io.nnpipe.train.Metrics;
import io.nnpipe.train.Predictor;
import java.io.OutputStreamWriter;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code pipeline predict CONFIG.yaml --weights SNAPSHOT.csv --input FILE|- [--out FILE]}: builds the
 * config's network, loads the snapshot into it, and runs it in inference mode on new samples
 * without labels ({@link InputFile}: CSV or IDX images, plain or gzip; {@link InputImages}: a PNG
 * image or a folder of them), prepared with the config's
 * scaling and normalisation exactly as its test set is (with {@code normalize: train}, the
 * statistics of its training set, the only data file read: {@link PipelineReader#withoutData}). Writes {@code sample,predicted,output_0,…} ({@link PredictCsv})
 * to {@code --out FILE}, atomically, or to stdout (no {@code --out}, or {@code --out -}). Batches
 * are the config's {@code batch_size}, so the outputs equal {@code evaluate --predictions}'s for
 * the same samples, bit for bit. Every problem of the snapshot and the input is reported before
 * anything is written.
 */
final class PredictCommand {
    /** Standard input, read for {@code --input -}. */
    static final String STDIN = "standard input";
    private final InputStream in;
    private final PrintStream out;
    /** The image file of each sample when the input is a PNG image or a folder of them; null otherwise. */
    private List<String> imageNames;

    PredictCommand(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    static Options options() {
        Options o = CommonOptions.base();
        o.addOption(CommonOptions.weightsOption("use"));
        o.addOption(Option.builder().longOpt("input").hasArg().argName("FILE")
                .desc("the samples: CSV (a header; label/target columns are skipped), IDX images or a NumPy .npy"
                        + " array, plain or gzip; a PNG image or a folder of them; - for standard input; required").build());
        o.addOption(Option.builder("o").longOpt("out").hasArg().argName("FILE")
                .desc("write the CSV here (default, or -: to stdout)").build());
        return o;
    }

    int run(String[] args) {
        Options options = options();
        CommandLine cmd = CommonOptions.parse(options, args);
        if (cmd.hasOption("help")) {
            CommonOptions.help(out, "pipeline predict [options] CONFIG.yaml --weights SNAPSHOT.csv --input FILE",
                    "Runs saved weights on new samples without labels: every sample's outputs and predicted class,"
                            + " as CSV.", options);
            return Exit.OK;
        }
        if (CommonOptions.answeredInfo(cmd, out)) {
            return Exit.OK;
        }
        Logging.configure(cmd.hasOption("quiet"), cmd.hasOption("verbose"));
        if (!cmd.hasOption("input")) {
            throw new UsageException("missing --input FILE (the samples to predict: CSV or IDX images)");
        }
        Path weights = CommonOptions.weights(cmd);
        String input = cmd.getOptionValue("input");
        Registry registry = Registry.discover(Main.class.getClassLoader());
        Path config = CommonOptions.config(cmd);
        // the data are read only where prediction needs them (normalize: train): the config and a
        // snapshot copied to another machine predict there (QA's fifth pass)
        Pipeline p = new PipelineReader(registry).withoutData().read(config, CommonOptions.sets(cmd));
        Path baseDir = config.getParent() == null ? Path.of("") : config.getParent();
        String target = cmd.getOptionValue("out", "-");
        if (!target.equals("-")) {
            OutputGuard guard = new OutputGuard().reads(config, "the config");
            DeclaredData.files(p.resolved(), baseDir).forEach(f -> guard.reads(f, "a data file of the config"));
            guard.reads(weights, "the snapshot (--weights)");
            if (!input.equals("-")) {
                guard.reads(Path.of(input), "the input file (--input)");
            }
            guard.refuse("--out", Path.of(target));
        }
        Dataset samples = load(p, weights, input);
        int outputs = p.network().outputShape().size();
        boolean classes = classes(p, baseDir);
        Predictor predictor = new Predictor(p.network(), Parallel.SERIAL);
        int batch = Math.min(p.settings().batchSize(), samples.size());
        List<String> names = DeclaredData.classNames(p.resolved(), baseDir); // an image folder's classes
        List<String> classNames = names != null && names.size() == io.nnpipe.data.ClassTargets.count(outputs) ? names : null;
        Consumer<TextSink> body = sink -> predictor.predict(samples, batch, new PredictCsv(sink, outputs, classes,
                p.loss().decisionThreshold(), imageNames, classNames));
        if (target.equals("-")) {
            toStdout(body);
        } else {
            AtomicFiles.write(Path.of(target), body);
            org.apache.logging.log4j.LogManager.getLogger("nnpipe").info("wrote {} ({} samples)", target, samples.size());
        }
        return Exit.OK;
    }

    /**
     * Whether the outputs are classes (the {@code predicted} column), as {@code evaluate} decides it:
     * the training samples have class labels, not targets. Read training samples say it themselves;
     * files not read are judged by what the config declares ({@link DeclaredData#ofTraining}).
     */
    static boolean classes(Pipeline p, Path baseDir) {
        if (p.train() != null) {
            return Metrics.hasClasses(p.train());
        }
        DeclaredData.Classes c = DeclaredData.ofTraining(p.resolved(), baseDir);
        if (c.assumption() != null) {
            // data.classes declares classes: said as information; without it a predicted column may be
            // missing that the data would give, which deserves a warning
            org.apache.logging.log4j.LogManager.getLogger("nnpipe").log(c.classes()
                    ? org.apache.logging.log4j.Level.INFO : org.apache.logging.log4j.Level.WARN, c.assumption());
        }
        return c.classes();
    }

    /**
     * Loads the snapshot and reads the input ({@code -}: standard input), reporting the problems of
     * both at once.
     */
    private Dataset load(Pipeline p, Path weights, String input) {
        List<Problem> problems = new ArrayList<>();
        try {
            SnapshotReader.load(weights, p.network());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        Dataset samples = null;
        try {
            if (!input.equals("-") && InputImages.applies(Path.of(input))) {
                InputImages.Read images = InputImages.read(Path.of(input), p.network().inputShape(), p.inputTransform());
                imageNames = images.names();
                samples = images.samples();
            } else {
                samples = input.equals("-") ? InputFile.read(in, STDIN, p.network().inputShape(), p.inputTransform())
                    : InputFile.read(Path.of(input), p.network().inputShape(), p.inputTransform());
            }
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (samples != null) {
            nonFinite(samples, input.equals("-") ? STDIN : input, problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return samples;
    }

    /**
     * Adds a problem per sample that the config's scale and normalisation make non-finite (a value of
     * 1e308 scaled up): its outputs were NaN with class 0, without a word (QA's fifth pass).
     */
    private static void nonFinite(Dataset samples, String input, List<Problem> problems) {
        double[] x = new double[samples.shape().size()];
        int found = 0;
        for (int i = 0; i < samples.size(); i++) {
            samples.input(i, x, 0);
            for (int j = 0; j < x.length; j++) {
                if (!Double.isFinite(x[j])) {
                    if (++found <= 20) {
                        problems.add(new Problem(io.nnpipe.config.Mark.of(input), null, "sample " + (i + 1)
                                + ": expected finite inputs after the config's scale and normalize, found "
                                + io.nnpipe.output.Num.format(x[j]) + " for value " + (j + 1)));
                    }
                    break;
                }
            }
        }
        if (found > 20) {
            problems.add(Problem.omitted(io.nnpipe.config.Mark.of(input), null, found - 20));
        }
    }

    private void toStdout(Consumer<TextSink> body) {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8); // not closed: stdout stays open
        TextSink sink = new TextSink(w);
        body.accept(sink);
        sink.drain();
        try {
            w.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write to stdout: " + e.getMessage(), e);
        }
    }
}
