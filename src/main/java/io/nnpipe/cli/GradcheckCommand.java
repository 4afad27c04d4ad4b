package io.nnpipe.cli;

import io.nnpipe.check.FiniteDifferences;
import io.nnpipe.check.NetworkCheck;
import io.nnpipe.check.TensorCheck;
import io.nnpipe.check.Tolerance;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.output.Num;
import io.nnpipe.output.TextTable;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.plugin.Registry;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code pipeline gradcheck CONFIG.yaml}: builds the config's network with its initial weights and
 * its loss, and compares the network's own backward pass on the first training samples with
 * central finite differences ({@link NetworkCheck}); prints one row per layer and tensor and exits
 * 0 when every tensor passes, 1 when one fails ({@link Exit#DIFFERENT}, as {@code verify}). Writes
 * no files.
 */
final class GradcheckCommand {
    /** The default number of samples: one batch, but at most this many (the check costs two forward passes per element). */
    static final int DEFAULT_SAMPLES = 4;
    /** The default of --max-elements: a large tensor is sampled at this many evenly spread elements. */
    static final int DEFAULT_MAX_ELEMENTS = 1000;
    private final PrintStream out;

    GradcheckCommand(PrintStream out) {
        this.out = out;
    }

    static Options options() {
        Options o = CommonOptions.base();
        o.addOption(Option.builder().longOpt("samples").hasArg().argName("N")
                .desc("check on the first N training samples, as one batch (default: the config's batch_size, at most "
                        + DEFAULT_SAMPLES + ")").build());
        o.addOption(Option.builder().longOpt("tolerance").hasArg().argName("TOL")
                .desc("largest error accepted, error = |a - n| / (" + Num.format(Tolerance.DEFAULT.floor())
                        + " + max(|a|, |n|)) (default " + Num.format(Tolerance.DEFAULT.relative()) + ")").build());
        o.addOption(Option.builder().longOpt("max-elements").hasArg().argName("N")
                .desc("compare at most N evenly spread elements of each tensor, or all (default " + DEFAULT_MAX_ELEMENTS
                        + ")").build());
        o.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                .desc("threads for the kernels (default: all cores); the table is identical for every N").build());
        return o;
    }

    int run(String[] args) {
        Options options = options();
        CommandLine cmd = CommonOptions.parse(options, args);
        if (cmd.hasOption("help")) {
            CommonOptions.help(out, "pipeline gradcheck [options] CONFIG.yaml",
                    "Checks the gradients of the config's network (initial weights) and loss against central finite"
                            + " differences on the first training samples; exit 0 all pass, 1 a tensor fails. Writes"
                            + " nothing.", options);
            return Exit.OK;
        }
        if (CommonOptions.answeredInfo(cmd, out)) {
            return Exit.OK;
        }
        Logging.configure(cmd.hasOption("quiet"), cmd.hasOption("verbose"));
        Tolerance tol = new Tolerance(number(cmd, "tolerance", Tolerance.DEFAULT.relative()), Tolerance.DEFAULT.floor());
        Integer asked = cmd.hasOption("samples") ? whole("samples", cmd.getOptionValue("samples")) : null;
        String max = cmd.getOptionValue("max-elements", String.valueOf(DEFAULT_MAX_ELEMENTS));
        int maxElements = max.equals("all") ? Integer.MAX_VALUE : whole("max-elements", max);
        int threads = TrainCommand.threads(cmd);
        Registry registry = Registry.discover(Main.class.getClassLoader());
        Pipeline p = CommonOptions.read(registry, CommonOptions.config(cmd), CommonOptions.sets(cmd));
        int available = p.train().size();
        if (asked != null && asked > available) {
            throw new UsageException("--samples " + asked + ": the training set has only " + available + " samples");
        }
        int n = asked != null ? asked : Math.min(available, Math.min(p.settings().batchSize(), DEFAULT_SAMPLES));
        List<TensorCheck> rows;
        try (Parallel parallel = Parallel.threads(threads)) {
            rows = NetworkCheck.run(p.network(), p.loss(), p.train(), new NetworkCheck.Settings(n, maxElements, tol, parallel));
        }
        out.print(table(rows, n, tol, maxElements));
        return rows.stream().allMatch(TensorCheck::passed) ? Exit.OK : Exit.DIFFERENT;
    }

    /** The report: what was checked, one aligned row per tensor, and a verdict. */
    static String table(List<TensorCheck> rows, int samples, Tolerance tol, int maxElements) {
        StringBuilder b = new StringBuilder();
        b.append("gradient check on ").append(samples).append(samples == 1 ? " training sample" : " training samples")
                .append(" (one batch, training mode, step 1), h = ").append(Num.format(FiniteDifferences.H))
                .append(", error = |a - n| / (").append(Num.format(tol.floor())).append(" + max(|a|, |n|)), tolerance ")
                .append(Num.format(tol.relative()))
                .append(maxElements == Integer.MAX_VALUE ? "" : ", at most " + maxElements + " evenly spread elements per tensor")
                .append('\n');
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"layer", "tensor", "elements", "checked", "near a kink", "largest error", "result"});
        cells.add(null);
        int failed = 0;
        int kinks = 0;
        for (TensorCheck r : rows) {
            failed += r.passed() ? 0 : 1;
            kinks += r.kinks();
            cells.add(new String[] {r.layer(), r.tensor(), String.valueOf(r.elements()), String.valueOf(r.checked()),
                String.valueOf(r.kinks()), r.checked() == 0 ? "-" : twoDigits(r.largestError()), r.passed() ? "ok" : "FAIL"});
        }
        b.append(TextTable.align(cells, new boolean[] {false, false, true, true, true, true, false}, 0));
        if (failed == 0) {
            b.append("all ").append(rows.size()).append(" tensors passed");
        } else {
            b.append(failed).append(" of ").append(rows.size()).append(" tensors FAILED");
        }
        b.append(kinks == 0 ? "" : "; " + kinks + " elements skipped near a kink (ReLU at 0, a max-pool tie)").append('\n');
        for (TensorCheck r : rows) {
            if (!r.passed()) {
                b.append("first failure: ").append(r.firstFailure()).append('\n');
            }
        }
        for (int i = rows.size() - 1; i >= 0 && failed > 0; i--) { // backward runs from the loss: the first wrong row there is the cause
            if (!rows.get(i).passed()) {
                b.append("look first at '").append(rows.get(i).layer()).append("': counting back from the loss, its ")
                        .append(rows.get(i).tensor()).append(" gradient is the first wrong one; the rows above it receive"
                                + " its error\n");
                break;
            }
        }
        return b.toString();
    }

    /** {@code v} rounded to two significant digits (errors are estimates; more digits would be noise). */
    private static String twoDigits(double v) {
        return Double.isFinite(v) && v != 0 ? Num.format(new BigDecimal(v).round(new MathContext(2)).doubleValue()) : Num.format(v);
    }

    private static int whole(String option, String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + ": expected a whole number of at least 1" + (option.equals("samples")
                ? "" : " or all") + ", found \"" + s + "\"");
    }

    private static double number(CommandLine cmd, String option, double fallback) {
        if (!cmd.hasOption(option)) {
            return fallback;
        }
        String s = cmd.getOptionValue(option);
        try {
            double v = Double.parseDouble(s);
            if (v > 0 && v < 1 && !s.endsWith("d") && !s.endsWith("f") && !s.endsWith("D") && !s.endsWith("F")) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + ": expected a number between 0 and 1 (e.g. 1e-6), found \"" + s + "\"");
    }
}
