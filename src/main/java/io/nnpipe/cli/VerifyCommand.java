package io.nnpipe.cli;

import io.nnpipe.output.Num;
import io.nnpipe.output.RunComparison;
import io.nnpipe.output.RunComparison.FileResult;
import io.nnpipe.output.RunComparison.Status;
import io.nnpipe.output.RunComparison.Tolerance;
import io.nnpipe.output.RunFolder;
import io.nnpipe.output.RunFolderException;
import io.nnpipe.output.RunLock;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code pipeline verify CONFIG.yaml --golden DIR [--rtol R] [--atol A]}: trains the config again
 * into a temporary folder, exactly as {@code train} would (the same overrides are accepted), and
 * compares every CSV file with the golden run's ({@link RunComparison}). Prints the first
 * difference and a summary on stdout; exits 0 when they match, 1 when they differ, 2 on bad
 * input. The temporary folder is deleted in every case.
 */
final class VerifyCommand {
    /** Files listed one by one in the summary; the rest are counted. */
    private static final int MAX_LISTED = 20;
    private final PrintStream out;
    private final PrintStream err;

    VerifyCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static Options options() {
        Options o = CommonOptions.base();
        o.addOption(Option.builder().longOpt("golden").hasArg().argName("DIR").desc("the run folder to compare with (required)").build());
        o.addOption(Option.builder().longOpt("rtol").hasArg().argName("R")
                .desc("relative tolerance for values (default 0: bit for bit)").build());
        o.addOption(Option.builder().longOpt("atol").hasArg().argName("A")
                .desc("absolute tolerance for values (default 0: bit for bit)").build());
        o.addOption(Option.builder().longOpt("trace").hasArg().argName("STEPS").desc("as for train").build());
        o.addOption(Option.builder().longOpt("threads").hasArg().argName("N").desc("as for train; results are identical for every N").build());
        return o;
    }

    int run(String[] args) {
        Options options = options();
        CommandLine cmd = CommonOptions.parse(options, args);
        if (cmd.hasOption("help")) {
            CommonOptions.help(out, "pipeline verify [options] CONFIG.yaml --golden DIR",
                    "Trains the config again in a temporary folder and compares its CSV files with a golden run.", options);
            return Exit.OK;
        }
        if (CommonOptions.answeredInfo(cmd, out)) {
            return Exit.OK;
        }
        if (!cmd.hasOption("golden")) {
            throw new UsageException("verify needs --golden DIR (the run folder to compare with)");
        }
        Path config = CommonOptions.config(cmd);
        Path golden = Path.of(cmd.getOptionValue("golden"));
        Tolerance tolerance = new Tolerance(tolerance(cmd, "rtol"), tolerance(cmd, "atol"));
        if (!Files.isDirectory(golden)) {
            throw new UsageException("--golden: " + golden + " is not a folder");
        }
        if (RunLock.isHeld(golden)) {
            throw new RunFolderException("--golden: a training run is still writing " + golden
                    + "; verify against it once that run has ended");
        }
        Path tmp = createTemp();
        try {
            int trained = new TrainCommand(out, err).intoDiscardedFolder().run(trainArgs(cmd, config, tmp));
            if (trained == Exit.TRAINING_FAULT) {
                out.println("note: this run stopped on a training fault; comparing the files it wrote");
            } else if (trained != Exit.OK) {
                return trained;
            }
            List<FileResult> results = RunComparison.compare(golden, tmp, tolerance);
            String mode = tolerance.exact() ? "bit for bit" : "rtol " + Num.format(tolerance.rtol()) + ", atol "
                    + Num.format(tolerance.atol());
            out.println("verify " + config + " against " + golden + " (" + mode + ")");
            provenance(golden.resolve(RunFolder.MANIFEST), tmp.resolve(RunFolder.MANIFEST));
            return report(results);
        } finally {
            delete(tmp);
        }
    }

    private static String[] trainArgs(CommandLine cmd, Path config, Path tmp) {
        List<String> a = new ArrayList<>(List.of(config.toString(), "--out", tmp.toString()));
        for (String opt : List.of("set", "epochs", "trace", "threads")) {
            String[] values = cmd.getOptionValues(opt);
            for (String v : values == null ? new String[0] : values) {
                a.add("--" + opt);
                a.add(v);
            }
        }
        // training chatter would bury the comparison; -v shows it
        a.add(cmd.hasOption("verbose") ? "-v" : "-q");
        a.add("--no-report"); // only CSV files are compared: no chart or report.html to draw
        if (cmd.hasOption("debug")) {
            a.add("--debug");
        }
        return a.toArray(String[]::new);
    }

    /** The first difference, every file that is not identical, the counts, and MATCH or DIFFERENT last. */
    private int report(List<FileResult> results) {
        FileResult firstBad = results.stream().filter(r -> !r.matches()).findFirst().orElse(null);
        if (firstBad != null) {
            printFirst(firstBad);
        }
        int[] counts = new int[Status.values().length];
        int listed = 0;
        for (FileResult r : results) {
            counts[r.status().ordinal()]++;
            if (r.status() != Status.IDENTICAL && listed++ < MAX_LISTED) {
                out.println(line(r));
            }
        }
        if (listed > MAX_LISTED) {
            out.println("... and " + (listed - MAX_LISTED) + " more files that are not identical");
        }
        out.printf(java.util.Locale.ROOT, "%d files compared: %d identical, %d within tolerance, %d different, %d missing,"
                + " %d extra%n", results.size(), counts[0], counts[1], counts[2], counts[3], counts[4]);
        out.println(firstBad == null ? "MATCH" : "DIFFERENT");
        return firstBad == null ? Exit.OK : Exit.DIFFERENT;
    }

    /** Where each side came from, from the manifests (the golden one may be absent). */
    private void provenance(Path goldenManifest, Path thisManifest) {
        ManifestSummary g = ManifestSummary.read(goldenManifest);
        ManifestSummary t = ManifestSummary.read(thisManifest);
        out.println("golden run: " + (g == null ? "no readable " + RunFolder.MANIFEST : g.describe()));
        out.println("this run:   " + (t == null ? "no readable " + RunFolder.MANIFEST : t.describe()));
        if (g == null) {
            out.println("note: a run writes " + RunFolder.MANIFEST + " last: without it the golden run may be incomplete,"
                    + " and which config made it cannot be checked");
        } else if (t != null) {
            g.notesAgainst(t).forEach(out::println);
        }
    }

    private void printFirst(FileResult r) {
        RunComparison.Difference d = r.first();
        if (r.status() == Status.MISSING || r.status() == Status.EXTRA) {
            out.println("first difference: " + d.file() + (r.status() == Status.MISSING ? " is in the golden run but not in this one"
                    : " is in this run but not in the golden one"));
            return;
        }
        out.println("first difference: " + d.file() + (d.row() > 0 ? ", row " + d.row() + " (line " + (d.row() + 1) + ")" : "")
                + ", " + (d.column().startsWith("(") ? d.column() : "column " + d.column()) + ": golden " + d.golden()
                + ", this run " + d.actual());
        if (d.goldenLine() != null || d.actualLine() != null) {
            out.println("  golden:   " + (d.goldenLine() == null ? "(no row)" : d.goldenLine()));
            out.println("  this run: " + (d.actualLine() == null ? "(no row)" : d.actualLine()));
        }
    }

    private static String line(FileResult r) {
        return switch (r.status()) {
            case MISSING -> r.file() + ": missing in this run";
            case EXTRA -> r.file() + ": not in the golden run";
            default -> !r.rowsCompared() ? r.file() + ": " + (r.first().column().equals("(header)") ? "the header differs"
                    : "the golden file is not UTF-8 text") + " (rows not compared)"
                    : r.file() + ": " + r.changedRows() + " of " + r.rows() + " rows differ (" + values(r.changedValues())
                    + (r.status() == Status.WITHIN_TOLERANCE ? ", all within the tolerance" : r.failedValues() < r.changedValues()
                            ? ", " + r.failedValues() + " outside the tolerance" : "")
                    + ")" + (r.maxAbsDiff() > 0 ? "; max abs diff " + Num.format(r.maxAbsDiff()) + ", max rel diff "
                            + Num.format(r.maxRelDiff()) : "")
                    + (r.goldenRows() != r.actualRows() ? "; golden " + r.goldenRows() + " rows, this run " + r.actualRows() : "");
        };
    }

    private static String values(long n) {
        return n + (n == 1 ? " value" : " values");
    }

    private static double tolerance(CommandLine cmd, String name) {
        if (!cmd.hasOption(name)) {
            return 0;
        }
        String text = cmd.getOptionValue(name);
        try {
            double v = Double.parseDouble(text);
            if (v >= 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + ": expected a number >= 0, found \"" + text + "\"");
    }

    private static Path createTemp() {
        try {
            return Files.createTempDirectory("nnpipe-verify-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    /** Deletes the temporary run folder and everything in it; a failure here only warns. */
    private void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            err.println("warning: could not delete the temporary folder " + dir + ": " + e.getMessage());
        }
    }
}
