package io.nnpipe.output;

/**
 * Writes what a person reads after a run, from the run folder's CSV files: {@code loss.png} and
 * {@code loss.svg} (the loss chart) and {@code report.html}. Runs after training has closed its
 * files (and before anything that hashes the folder's outputs), and again on demand through the
 * {@code report} command. Each file is written atomically.
 */
public final class RunReport {
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
        LossChart chart = LossChart.of(history, LossChart.Options.of(title(info)));
        String svg = chart.svg();
        AtomicFiles.write(folder.file(RunFolder.LOSS_PNG), chart.png());
        AtomicFiles.write(folder.file(RunFolder.LOSS_SVG), svg);
        TraceStep trace = TraceStep.readFirst(folder.file(RunFolder.TRACE));
        AtomicFiles.write(folder.file(RunFolder.REPORT), HtmlReport.render(info, history, svg, trace, version));
    }

    private static String title(RunInfo info) {
        return info.name() + ": training loss";
    }
}
