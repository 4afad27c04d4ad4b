package io.nnpipe.cli;

import java.util.Locale;

/**
 * The text of one progress report: where the run is (epoch, step of all steps), how fast it goes,
 * when it will end, and the running mean loss of the current epoch. As a bar line for a terminal
 * ({@link #bar}), fitted to its width; or as a plain log line ({@link #line}). Pure formatting, so
 * it is tested without a terminal or a clock.
 *
 * @param epoch the current epoch (from 1)
 * @param epochs the last epoch of the run
 * @param step steps done so far in this run
 * @param totalSteps steps this run will take
 * @param elapsedNanos time since this run's first step
 * @param loss the mean loss of the current epoch's steps so far (NaN before the first)
 */
record ProgressLine(int epoch, int epochs, long step, long totalSteps, long elapsedNanos, double loss) {

    /** Steps per second so far (0 before a measurable time has passed). */
    double rate() {
        return elapsedNanos > 0 ? step / (elapsedNanos / 1e9) : 0;
    }

    /** The bar line, at most {@code width - 1} characters (the last column would wrap on some terminals). */
    String bar(int width) {
        String head = String.format(Locale.ROOT, "epoch %d/%d ", epoch, epochs);
        String tail = String.format(Locale.ROOT, " %3d%% step %s/%s  %s  ETA %s  loss %s", percent(),
                grouped(step), grouped(totalSteps), rateText(), eta(), lossText());
        int room = width - 1 - head.length() - tail.length() - 2;
        String line = room >= 10 ? head + "[" + cells(Math.min(room, 30)) + "]" + tail : head.strip() + tail;
        return line.length() < width ? line : line.substring(0, Math.max(0, width - 1));
    }

    /** The plain line for a log. */
    String line() {
        return String.format(Locale.ROOT, "epoch %d/%d  step %s/%s (%d%%)  loss %s  [%s, %s elapsed, ETA %s]", epoch,
                epochs, grouped(step), grouped(totalSteps), percent(), lossText(), rateText(),
                duration(elapsedNanos / 1e9), eta());
    }

    private int percent() {
        return totalSteps == 0 ? 100 : (int) (100 * step / totalSteps);
    }

    private String cells(int cells) {
        int full = totalSteps == 0 ? cells : (int) (cells * step / totalSteps);
        StringBuilder b = new StringBuilder(cells);
        for (int i = 0; i < cells; i++) {
            b.append(i < full ? '=' : i == full ? '>' : ' ');
        }
        return b.toString();
    }

    private String lossText() {
        return Double.isNaN(loss) ? "-" : number(loss, 4);
    }

    String rateText() {
        double r = rate();
        if (r >= 10_000) {
            return String.format(Locale.ROOT, "%.1fk steps/s", r / 1000);
        }
        return String.format(Locale.ROOT, r >= 100 ? "%.0f steps/s" : r >= 1 ? "%.1f steps/s" : "%.2f steps/s", r);
    }

    /** Time left at the rate so far; "?" until there is a rate. */
    String eta() {
        double r = rate();
        return r > 0 ? duration((totalSteps - step) / r) : "?";
    }

    /**
     * A loss for reading: {@code decimals} places (0.1235), or scientific with as many digits when
     * that would hide it (1.2346e-05, 4.2203e+227); non-finite values by name.
     */
    static String number(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
        }
        double a = Math.abs(v);
        boolean plain = a == 0 || (a >= Math.pow(10, -decimals + 1) && a < 1e6);
        return String.format(Locale.ROOT, plain ? "%." + decimals + "f" : "%." + decimals + "e", v);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** A count with thousands separated by commas: 60,000. */
    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
