package io.nnpipe.output;

/**
 * Gets the chart machinery ready, on a background thread while a run reads its config and trains:
 * loading and initialising AWT, Java2D's rasteriser, the bundled font (with the JDK's font
 * system), XChart and VectorGraphics2D costs a few hundred milliseconds of CPU in a fresh JVM —
 * most of what drawing the charts costs a run — while drawing them once all that is loaded takes
 * a fraction of it (docs/performance.md). The second core is otherwise idle
 * while one thread trains a small network, so a run that ends with its charts starts this first.
 *
 * <p>It draws a small throwaway chart of made-up numbers, in both formats and both axis scales,
 * and keeps nothing: the charts a run writes are drawn afresh and are the same bytes with or
 * without it (the font, the encoders and XChart keep no state that reaches the output). Any error
 * is ignored here; drawing the real charts reports it.
 */
public final class ChartWarmup {
    /**
     * A small canvas: it loads and initialises the same classes as a full-size chart, with a
     * fraction of the rasterising. A full-size one (900 × 520, 200 steps) kept the second core busy
     * past the end of a short run's training and made the JIT compile the rasteriser's main loop
     * for it (measured: 1.28 s against 1.06 s for the whole doc example, docs/performance.md).
     */
    static final int WIDTH = 300;
    static final int HEIGHT = 180;

    private ChartWarmup() {
    }

    /** A falling, noisy loss curve of {@code steps} steps in epochs of {@code perEpoch}, with a test set. */
    static RunHistory madeUp(int steps, int perEpoch) {
        long[] step = new long[steps];
        double[] loss = new double[steps];
        for (int i = 0; i < steps; i++) {
            step[i] = i + 1;
            loss[i] = 1.0 / (1 + 0.05 * i) * (1 + 0.3 * ((i * 7919) % 13) / 13.0);
        }
        int epochs = steps / perEpoch;
        int[] epoch = new int[epochs];
        long[] end = new long[epochs];
        double[] train = new double[epochs];
        double[] test = new double[epochs];
        double[] accuracy = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            epoch[e] = e + 1;
            end[e] = (long) (e + 1) * perEpoch;
            train[e] = loss[(e + 1) * perEpoch - 1];
            test[e] = 1.1 * train[e];
            accuracy[e] = Math.min(1, 0.5 + 0.01 * e);
        }
        return new RunHistory("warm-up", step, loss, epoch, end, train, accuracy, test, accuracy);
    }

    /**
     * Call right before {@link System#exit}: lets a warm-up that is loading the chart font finish
     * that (so the JVM deletes the font's temporary copy) and keeps it from starting one.
     */
    public static void beforeExit() {
        ChartFonts.closeForExit();
    }

    /** Draws the throwaway chart (call it on a background thread). */
    public static void run() {
        try {
            RunHistory made = madeUp(20, 2);
            LossChart.Options options = new LossChart.Options("warm-up", false, WIDTH, HEIGHT);
            LossChart.of(made, options).png();
            LossChart.of(made, options).svg();
            LossChart.of(made, options.withLogScale(true)).svg();
        } catch (RuntimeException | Error e) {
            // nothing to do: the real charts are drawn (and any error reported) after training
        }
    }
}
