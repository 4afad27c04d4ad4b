package io.nnpipe.cli;

import io.nnpipe.output.LossChart;
import io.nnpipe.output.RunHistory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.logging.log4j.LogManager;

/**
 * {@code pipeline plot RUN_DIR [RUN_DIR ...] [--out FILE] [--log] [--title TEXT]}: draws the loss
 * curves of one or more run folders in one chart (PNG or SVG by the file's extension), each run in
 * its own colour. Reads the runs' {@code loss.csv} and {@code epochs.csv}; writes only the chart.
 */
final class PlotCommand {
    static final String DEFAULT_OUT = "plot.png";
    private final PrintStream out;

    PlotCommand(PrintStream out) {
        this.out = out;
    }

    static Options options() {
        Options o = new Options();
        o.addOption(Option.builder("o").longOpt("out").hasArg().argName("FILE")
                .desc("write the chart here; .png or .svg (default: " + DEFAULT_OUT + ")").build());
        o.addOption(Option.builder().longOpt("log").desc("logarithmic loss axis").build());
        o.addOption(Option.builder().longOpt("title").hasArg().argName("TEXT").desc("the chart's title").build());
        o.addOption(Option.builder("q").longOpt("quiet").desc("print only warnings and errors").build());
        o.addOption(Option.builder("v").longOpt("verbose").desc("print more detail").build());
        o.addOption(Option.builder().longOpt("debug").desc("show stack traces of errors").build());
        o.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return o;
    }

    int run(String[] args) {
        Options options = options();
        CommandLine cmd = CommonOptions.parse(options, args);
        if (cmd.hasOption("help")) {
            CommonOptions.help(out, "pipeline plot [options] RUN_DIR [RUN_DIR ...]",
                    "Draws the loss curves of run folders, overlaid in one chart.", options);
            return Exit.OK;
        }
        Logging.configure(cmd.hasOption("quiet"), cmd.hasOption("verbose"));
        List<String> dirs = cmd.getArgList();
        if (dirs.isEmpty()) {
            throw new UsageException("missing RUN_DIR (a folder a training run wrote, e.g. runs/doc-example)");
        }
        Path file = Path.of(cmd.getOptionValue("out", DEFAULT_OUT));
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            throw new UsageException("--out: the file name must end in .png or .svg, found \"" + file + "\"");
        }
        List<RunHistory> runs = read(dirs);
        String title = cmd.getOptionValue("title", defaultTitle(runs));
        withoutSteps(runs).forEach(w -> LogManager.getLogger("nnpipe").warn(w));
        runs.forEach(r -> r.undrawnEpochLosses().forEach(w -> LogManager.getLogger("nnpipe").warn(r.name() + ": " + w)));
        if (cmd.hasOption("log")) {
            logScaleGaps(runs).forEach(w -> LogManager.getLogger("nnpipe").warn(w));
        }
        LossChart.of(runs, LossChart.Options.of(title).withLogScale(cmd.hasOption("log"))).write(file);
        LogManager.getLogger("nnpipe").info("wrote {}", file);
        return Exit.OK;
    }

    /** Runs with nothing to draw (stopped at their first step): a warning each, not a silently empty chart. */
    static List<String> withoutSteps(List<RunHistory> runs) {
        return runs.stream().filter(r -> r.steps().length == 0).map(r -> r.name() + ": loss.csv has no steps (the run"
                + " stopped before its first step completed); nothing to draw").toList();
    }

    /** A log axis cannot show a loss of 0 (or less): warnings for that, rather than a silently empty chart. */
    static List<String> logScaleGaps(List<RunHistory> runs) {
        List<String> warnings = new ArrayList<>();
        for (RunHistory r : runs) {
            String gap = r.logScaleGap();
            if (gap != null) {
                warnings.add(r.name() + ": " + gap);
            }
        }
        return warnings;
    }

    /** The runs, labelled by folder name, or by the paths as given when two folders share a name. */
    private static List<RunHistory> read(List<String> dirs) {
        List<RunHistory> runs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean clash = false;
        for (String d : dirs) {
            RunHistory r = RunHistory.read(Path.of(d));
            clash |= !names.add(r.name());
            runs.add(r);
        }
        if (clash) {
            for (int i = 0; i < runs.size(); i++) {
                runs.set(i, runs.get(i).named(dirs.get(i)));
            }
        }
        return runs;
    }

    private static String defaultTitle(List<RunHistory> runs) {
        if (runs.size() == 1) {
            return runs.get(0).name() + ": training loss";
        }
        List<String> names = new ArrayList<>();
        for (RunHistory r : runs) {
            names.add(r.name());
        }
        return "training loss: " + String.join(" vs ", names);
    }
}
