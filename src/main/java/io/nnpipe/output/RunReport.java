package io.nnpipe.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes what a person reads after a run, from the run folder's CSV files: {@code loss.png} and
 * {@code loss.svg} (the loss chart, linear scale) and {@code report.html} (which adds a log-scale
 * chart when the loss spans two orders of magnitude or more). Runs after training has closed its
 * files (and before anything that hashes the folder's outputs), and again on demand through the
 * {@code report} command. Each file is written atomically.
 */
public final class RunReport {
    /** The report adds a log-scale chart when the step losses span this factor or more. */
    static final double LOG_SPREAD = 100;
    private final RunFolder folder;
    private final RunInfo info;
    private final String version;

    /**
     * @param folder the run folder
     * @param info the run's config and shapes (read before training)
     * @param version the tool's version, for the page's footer
     */
    public RunReport(RunFolder folder, RunInfo info, String version) {
        this.folder = folder;
        this.info = info;
        this.version = version;
    }

    /** Reads the folder's CSVs and writes the chart and the page. */
    public void write() {
        RunHistory history = RunHistory.read(folder.dir()).named(info.name());
        LossChart.Options options = LossChart.Options.of(info.name() + ": training loss");
        LossChart chart = LossChart.of(history, options);
        String svg = chart.svg();
        AtomicFiles.write(folder.file(RunFolder.LOSS_PNG), chart.png());
        AtomicFiles.write(folder.file(RunFolder.LOSS_SVG), svg);
        List<String> charts = new ArrayList<>(List.of(svg));
        if (spread(history.stepLoss()) >= LOG_SPREAD) {
            LossChart.Options log = LossChart.Options.of(info.name() + ": training loss, log scale").withLogScale(true);
            charts.add(LossChart.of(history, log).svg());
        }
        TraceStep trace = TraceStep.readFirst(folder.file(RunFolder.TRACE));
        AtomicFiles.write(folder.file(RunFolder.REPORT), HtmlReport.render(info, history, charts, trace, version));
    }

    /** Largest over smallest positive finite value (1 when there are none). */
    static double spread(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double v : values) {
            if (v > 0 && Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return max > 0 ? max / min : 1;
    }
}
