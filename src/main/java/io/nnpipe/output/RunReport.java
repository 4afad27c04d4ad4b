package io.nnpipe.output;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Writes what a person reads after a run, from the run folder's CSV files: {@code loss.png} and
 * {@code loss.svg} (the loss chart, linear scale) and {@code report.html} (which adds a log-scale
 * chart when the loss spans two orders of magnitude or more). Runs after training has closed its
 * files (and before anything that hashes the folder's outputs), and again on demand through the
 * {@code report} command. Each file is written atomically.
 *
 * <p>The PNG is drawn on a second thread while this one draws the SVGs and writes the page: each
 * thread draws its own chart object (XChart's are not safe to share), and each drawing depends
 * only on the CSV files, so the bytes are those of drawing them one after another.
 * Together with {@link ChartWarmup} this took the charts off most of a short run's wall time
 * (docs/performance.md).
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

    /** Reads the folder's CSVs and writes the chart and the page, which says so if run.yaml says the run stopped. */
    public void write() {
        write(RunStatus.read(folder.file(RunFolder.MANIFEST)));
    }

    /**
     * Reads the folder's CSVs and writes the chart and the page.
     *
     * @param status the run's status as {@link RunManifest#write} records it: {@code complete}, or
     *        {@code stopped: WHY}, which the page shows at its top; null: not known
     */
    public void write(String status) {
        RunHistory history = RunHistory.read(folder.dir()).named(info.name());
        LossChart.Options options = LossChart.Options.of(info.name() + ": training loss");
        // the PNG (the rasterising: the longest part) beside everything else; done before returning
        FutureTask<Void> png = new FutureTask<>(
                () -> AtomicFiles.write(folder.file(RunFolder.LOSS_PNG), LossChart.of(history, options).png()), null);
        Thread helper = new Thread(png, "nnpipe-report");
        helper.setDaemon(true);
        helper.start();
        String svg = LossChart.of(history, options).svg();
        AtomicFiles.write(folder.file(RunFolder.LOSS_SVG), svg);
        List<String> charts = new ArrayList<>(List.of(svg));
        if (spread(history.stepLoss()) >= LOG_SPREAD) {
            charts.add(LossChart.of(history, LossChart.Options.of(info.name() + ": training loss, log scale")
                    .withLogScale(true)).svg());
        }
        TraceStep trace = TraceStep.readFirst(folder.file(RunFolder.TRACE));
        AtomicFiles.write(folder.file(RunFolder.REPORT), HtmlReport.render(info, history, charts, trace, version, RunStatus.stopped(status)));
        join(png);
    }

    /** The task's result, its exception rethrown as it was thrown. */
    private static <T> T join(FutureTask<T> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the drawing finishes on its own; wait for it, keep the flag
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
