package io.nnpipe.output;

/**
 * Gets the chart machinery ready, on a background thread while a run reads its config and trains:
 * loading and initialising AWT, Java2D's rasteriser, the bundled font, XChart, the PNG encoder and
 * the SVG encoder (with the JDK's XML serialiser it uses) costs about half a second of CPU in a
 * fresh JVM — most of what drawing the charts cost a run — while drawing them once all that is
 * loaded takes about a tenth of it (docs/performance.md). The second core is otherwise idle
 * while one thread trains a small network, so a run that ends with its charts starts this first.
 *
 * <p>It draws a small throwaway chart of made-up numbers, in both formats and both axis scales,
 * and keeps nothing: the charts a run writes are drawn afresh and are the same bytes with or
 * without it (the font, the encoders and XChart keep no state that reaches the output). Any error
 * is ignored here; drawing the real charts reports it.
 */
public final class ChartWarmup {
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

    /** Draws the throwaway chart (call it on a background thread). */
    public static void run() {
        try {
            RunHistory made = madeUp(200, 2);
            LossChart.Options options = LossChart.Options.of("warm-up");
            LossChart.of(made, options).png();
            LossChart.of(made, options).svg();
            LossChart.of(made, options.withLogScale(true)).svg();
        } catch (RuntimeException | Error e) {
            // nothing to do: the real charts are drawn (and any error reported) after training
        }
    }
}
