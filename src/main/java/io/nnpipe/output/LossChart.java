package io.nnpipe.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The loss curve of one or more runs, drawn by XChart: for each run the loss of every step (thin;
 * with many steps, the mean of each group of consecutive steps, as the legend says), the mean
 * training loss of every epoch (thick, at the epoch's last step), the test loss and, on a
 * right-hand axis, the test accuracy when the run has a test set (linear scale only: XChart's log
 * scale applies to both axes).
 *
 * <p>Deterministic: the same histories give the same PNG and SVG bytes. Text is drawn with the
 * bundled DejaVu Sans ({@link ChartFonts}), numbers with {@link Locale#ROOT}; XChart draws all text
 * as glyph outlines, so the SVG needs no font; the PNG ({@link PngEncoder}) holds no time or other metadata;
 * the SVG is written by {@link ChartSvg}.
 */
public final class LossChart {
    /** The most points a per-step series gets; longer runs are drawn as means of groups of steps. */
    static final int MAX_POINTS = 1000;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    /** Extra chart height per legend line of an overlay, in pixels, so the plot keeps its size. */
    private static final int LEGEND_LINE = 18;
    private final XYChart chart;

    /** Width, height in pixels; title; logarithmic loss axis. */
    public record Options(String title, boolean logScale, int width, int height) {
        public static Options of(String title) {
            return new Options(title, false, 900, 520);
        }

        public Options withLogScale(boolean log) {
            return new Options(title, log, width, height);
        }
    }

    private LossChart(XYChart chart) {
        this.chart = chart;
    }

    /** The chart of one run. */
    public static LossChart of(RunHistory run, Options options) {
        return of(List.of(run), options);
    }

    /** The runs overlaid, each in its own colour; names are made unique for the legend. */
    public static LossChart of(List<RunHistory> runs, Options options) {
        List<RunHistory> named = uniqueNames(runs);
        boolean overlay = named.size() > 1;
        int height = options.height() + (overlay ? LEGEND_LINE * legendEntries(named, options.logScale()) : 0);
        XYChart c = new XYChartBuilder().width(options.width()).height(height).title(options.title())
                .xAxisTitle("step").yAxisTitle(options.logScale() ? "loss (log scale)" : "loss").build();
        style(c, overlay, options.logScale());
        anchor(c, named, options.logScale());
        for (int i = 0; i < named.size(); i++) {
            RunHistory r = named.get(i);
            Color color = COLORS[i % COLORS.length];
            Series.Look look = overlay ? new Series.Look(r.name() + ": ", color, color.darker(), color)
                    : new Series.Look("", color, COLORS[4], COLORS[2]);
            Series.add(c, r, look, options.logScale());
        }
        // a log scale applies to both y axes in XChart, and accuracies of 0 cannot be drawn on it
        if (!options.logScale() && anyTestAccuracy(named)) {
            c.setYAxisGroupTitle(1, "test accuracy (%)");
            c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            c.getStyler().setYAxisMin(1, 0.0);
            c.getStyler().setYAxisMax(1, 100.0);
        }
        return new LossChart(c);
    }

    /**
     * An invisible first series from step 0 to the last step. It starts the x axis at 0, gives an
     * empty run a frame to draw (XChart needs a series), and keeps the x ticks at round numbers:
     * XChart 3.8 puts ticks on the data points themselves when the x values of all series, in the
     * order added, are equally spaced (every run's steps are), which labels steps like 67, 134, 201.
     */
    private static void anchor(XYChart c, List<RunHistory> runs, boolean log) {
        long last = 1;
        double y = 1;
        boolean found = false;
        for (RunHistory r : runs) {
            for (int i = 0; i < r.steps().length; i++) {
                last = Math.max(last, r.steps()[i]);
                if (!found && Double.isFinite(r.stepLoss()[i]) && (!log || r.stepLoss()[i] > 0)) {
                    y = r.stepLoss()[i];
                    found = true;
                }
            }
        }
        XYSeries s = c.addSeries(" ", new double[] {0, last}, new double[] {y, y});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setShowInLegend(false);
    }

    /** The XChart chart itself (for tests: its series and their points). */
    XYChart chart() {
        return chart;
    }

    /** The PNG image. */
    public byte[] png() {
        BufferedImage image = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
        return PngEncoder.encode(image);
    }

    /** The SVG document (UTF-8 text). */
    public String svg() {
        return ChartSvg.draw(chart);
    }

    /** Writes PNG or SVG, chosen by the file's extension ({@code .png}, {@code .svg}), atomically. */
    public void write(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            AtomicFiles.write(file, svg());
        } else if (name.endsWith(".png")) {
            AtomicFiles.write(file, png());
        } else {
            throw new IllegalArgumentException("the file name must end in .png or .svg: " + file);
        }
    }

    private static boolean anyTestAccuracy(List<RunHistory> runs) {
        for (RunHistory r : runs) {
            if (r.hasTestAccuracy()) {
                return true;
            }
        }
        return false;
    }

    private static int legendEntries(List<RunHistory> runs, boolean log) {
        int n = 0;
        for (RunHistory r : runs) {
            n += 2 + (r.hasTest() ? 1 : 0) + (r.hasTestAccuracy() && !log ? 1 : 0);
        }
        return n;
    }

    private static void style(XYChart c, boolean overlay, boolean log) {
        Styler s = c.getStyler();
        c.getStyler().setLocale(Locale.ROOT);
        s.setChartTitleFont(ChartFonts.sans(15f));
        s.setLegendFont(ChartFonts.sans(12f));
        c.getStyler().setAxisTitleFont(ChartFonts.sans(13f));
        c.getStyler().setAxisTickLabelsFont(ChartFonts.sans(11f));
        s.setBaseFont(ChartFonts.sans(12f));
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0x999999));
        s.setLegendBorderColor(new Color(0xcccccc));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        // one run's few entries fit on a line; overlays get a line per entry (a row would be cut off)
        s.setLegendLayout(overlay ? Styler.LegendLayout.Vertical : Styler.LegendLayout.Horizontal);
        s.setChartTitleBoxVisible(false);
        s.setToolTipsEnabled(false);
        s.setAntiAlias(true);
        c.getStyler().setPlotGridLinesColor(new Color(0xe6e6e6));
        // solid: VectorGraphics2D writes a dashed line as one filled shape per dash (18 kB a line)
        c.getStyler().setPlotGridLinesStroke(new BasicStroke(1f));
        c.getStyler().setYAxisLogarithmic(log);
        c.getStyler().setXAxisTickMarkSpacingHint(90);
        c.getStyler().setXAxisDecimalPattern("#,##0.###"); // XChart's default turns 200,000 steps into "2E5"
    }

    private static List<RunHistory> uniqueNames(List<RunHistory> runs) {
        Set<String> seen = new HashSet<>();
        List<RunHistory> out = new ArrayList<>();
        for (RunHistory r : runs) {
            String name = r.name();
            for (int k = 2; !seen.add(name); k++) {
                name = r.name() + " (" + k + ")";
            }
            out.add(r.named(name));
        }
        return out;
    }

    /** Adds one run's series. */
    static final class Series {
        private Series() {
        }

        /** Legend prefix and colours of one run's series. */
        record Look(String prefix, Color main, Color test, Color accuracy) {
        }

        static void add(XYChart c, RunHistory r, Look look, boolean log) {
            int group = groupSize(r.steps().length);
            double[][] steps = grouped(r.steps(), r.stepLoss(), group);
            String stepLabel = group == 1 ? "loss per step" : "loss per step (mean of each " + group + " steps)";
            Color main = look.main();
            line(c, look.prefix() + stepLabel, points(steps[0], steps[1], log),
                    new Color(main.getRed(), main.getGreen(), main.getBlue(), 90), new BasicStroke(1f), 0);
            // epochs are grouped like steps: a point per epoch of 100,000 epochs took minutes and a GB to draw
            int eg = groupSize(r.epochs().length);
            String per = eg == 1 ? "" : " (mean of each " + eg + " epochs)";
            double[][] mean = grouped(r.epochEndStep(), r.trainLoss(), eg);
            XYSeries meanLine = line(c, look.prefix() + "mean training loss per epoch" + per,
                    points(mean[0], mean[1], log), main, new BasicStroke(2.2f), 0);
            if (meanLine != null && r.epochs().length <= 60) {
                meanLine.setMarker(SeriesMarkers.CIRCLE);
            }
            if (r.hasTest()) {
                double[][] test = grouped(r.epochEndStep(), r.testLoss(), eg);
                line(c, look.prefix() + "test loss" + per, points(test[0], test[1], log), look.test(),
                        dashed(1.8f, 6f, 4f), 0);
            }
            if (r.hasTestAccuracy() && !log) {
                double[][] acc = grouped(r.epochEndStep(), r.testAccuracy(), eg);
                for (int i = 0; i < acc[1].length; i++) {
                    acc[1][i] *= 100;
                }
                line(c, look.prefix() + "test accuracy (right axis)" + per, points(acc[0], acc[1], false),
                        look.accuracy(), dashed(1.8f, 2f, 3f), 1);
            }
        }

        private static BasicStroke dashed(float width, float on, float off) {
            return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {on, off}, 0f);
        }

        private static XYSeries line(XYChart c, String name, double[][] xy, Color color, BasicStroke stroke, int axis) {
            if (xy[0].length == 0) {
                return null;
            }
            XYSeries s = c.addSeries(name, xy[0], xy[1]);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setLineStyle(stroke);
            s.setYAxisGroup(axis);
            return s;
        }

        /** Steps per plotted point: 1 up to {@link #MAX_POINTS} steps, then the smallest group that fits. */
        static int groupSize(int steps) {
            return Math.max(1, (steps + MAX_POINTS - 1) / MAX_POINTS);
        }

        /** Means of consecutive groups of {@code k} values (summed left to right), at each group's last step. */
        static double[][] grouped(long[] steps, double[] values, int k) {
            int n = (steps.length + k - 1) / k;
            double[] x = new double[n];
            double[] y = new double[n];
            for (int g = 0; g < n; g++) {
                int from = g * k;
                int to = Math.min(steps.length, from + k);
                double sum = 0;
                for (int i = from; i < to; i++) {
                    sum += values[i];
                }
                x[g] = steps[to - 1];
                y[g] = sum / (to - from);
            }
            return new double[][] {x, y};
        }

        /** The points that can be drawn: finite, and positive on a log axis. */
        private static double[][] points(double[] x, double[] y, boolean log) {
            int n = 0;
            double[] px = new double[x.length];
            double[] py = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(y[i]) && (!log || y[i] > 0)) {
                    px[n] = x[i];
                    py[n++] = y[i];
                }
            }
            return new double[][] {java.util.Arrays.copyOf(px, n), java.util.Arrays.copyOf(py, n)};
        }
    }
}
