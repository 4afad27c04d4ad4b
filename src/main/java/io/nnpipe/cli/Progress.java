package io.nnpipe.cli;

import io.nnpipe.model.Network;
import io.nnpipe.output.Num;
import io.nnpipe.train.EpochRecord;
import io.nnpipe.train.StepRecord;
import io.nnpipe.train.TrainListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Shows that a run is alive, on stderr. Per epoch, a summary on the log: the first and last
 * epochs, about ten in between, and any epoch that ends more than two seconds after the last line
 * (every epoch at debug level, {@code -v}). Within epochs, by {@link Mode}: on a terminal a
 * progress bar redrawn in place at most ten times a second ({@link ProgressLine#bar}); elsewhere
 * (CI, pipes, files) a plain log line every {@value #LINE_SECONDS} seconds; or nothing.
 * {@link #close()} clears the bar, so the lines printed after a run (or its error) start clean.
 */
final class Progress implements TrainListener, AutoCloseable {
    /** How progress within epochs is shown. */
    enum Mode {
        /** A bar redrawn in place: only for an interactive terminal. */
        BAR,
        /** Periodic plain lines on the log. */
        LINES,
        /** Nothing but the epoch summaries (which {@code -q} silences too). */
        NONE
    }

    static final int LINE_SECONDS = 15;
    private static final long BAR_NANOS = 100_000_000L;
    private static final Logger LOG = LogManager.getLogger("nnpipe");
    private final int epochs;
    private final long stepsPerEpoch;
    private final Mode mode;
    private final PrintStream err;
    private final int width;
    private final LongSupplier clock;
    private final Consumer<String> info;
    private long started;
    private long lastLine;
    private long lastDraw;
    private boolean drawn;
    /** Whether a non-finite test loss was warned about (once a run). */
    private boolean warnedTestLoss;
    private int firstEpoch;
    private long stepsDone;
    private double epochLossSum;
    private long epochSamples;
    private double lastEpochLoss = Double.NaN;

    /**
     * Where progress goes: {@code err} for the bar (of {@code width} columns), {@code info} for log
     * lines; {@code clock} gives nanoseconds. Tests give their own.
     */
    record Output(PrintStream err, int width, LongSupplier clock, Consumer<String> info) {
        static Output standard(PrintStream err, Mode mode) {
            return new Output(err, mode == Mode.BAR ? Terminal.columns() : 80, System::nanoTime, LOG::info);
        }
    }

    Progress(int epochs, long stepsPerEpoch, Mode mode, Output output) {
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.mode = mode;
        this.err = output.err();
        this.width = output.width();
        this.clock = output.clock();
        this.info = output.info();
    }

    /**
     * The mode for {@code --progress VALUE} ({@code auto}, {@code bar}, {@code lines}, {@code none});
     * {@code auto} is a bar on an interactive terminal and lines otherwise. {@code -q} means none.
     */
    static Mode mode(String value, boolean quiet, PrintStream err) {
        Mode m = switch (value == null ? "auto" : value) {
            case "auto" -> Terminal.isInteractive(err) ? Mode.BAR : Mode.LINES;
            case "bar" -> Mode.BAR;
            case "lines" -> Mode.LINES;
            case "none" -> Mode.NONE;
            default -> throw new UsageException("--progress: expected auto, bar, lines or none, found \"" + value + "\"");
        };
        return quiet ? Mode.NONE : m;
    }

    @Override
    public void started(Network network, int startEpoch) {
        started = clock.getAsLong();
        lastLine = started;
        firstEpoch = startEpoch + 1;
    }

    @Override
    public void step(StepRecord r) {
        stepsDone++;
        epochLossSum += r.loss() * r.batchSize();
        epochSamples += r.batchSize();
        if (mode == Mode.NONE) {
            return;
        }
        long now = clock.getAsLong();
        if (mode == Mode.BAR && (now - lastDraw >= BAR_NANOS || !drawn)) {
            draw(r.epoch(), now);
        } else if (mode == Mode.LINES && now - lastLine >= LINE_SECONDS * 1_000_000_000L) {
            info.accept(line(r.epoch(), now).line());
            lastLine = now;
        }
    }

    @Override
    public void epochEnded(EpochRecord r, Network network) {
        if (r.testNonFinite() > 0 && !warnedTestLoss) {
            warnedTestLoss = true; // once: it may hold for every later epoch
            clear();
            LOG.warn("the test loss after epoch {} is {}: the loss of test sample {} is not finite (the network's"
                    + " outputs in inference mode, e.g. a saturated sigmoid or softmax against its label, or batch norm's"
                    + " running statistics); epochs.csv holds it as {}", r.epoch(), Num.format(r.testLoss()),
                    r.testNonFinite(), Num.format(r.testLoss()));
        }
        long now = clock.getAsLong();
        boolean show = r.epoch() == firstEpoch || r.epoch() == epochs || r.epoch() % Math.max(1, epochs / 10) == 0
                || now - lastLine > 2_000_000_000L;
        boolean cleared = show || LOG.isDebugEnabled();
        if (cleared) {
            clear();
            String text = summary(r, now);
            if (show) {
                info.accept(text);
                lastLine = now;
            } else {
                LOG.debug(text);
            }
        }
        lastEpochLoss = r.trainLoss();
        epochLossSum = 0;
        epochSamples = 0;
        // Redrawn at once only where a summary erased it: every epoch's end would redraw a run of
        // short epochs thousands of times a second (QA, sixth pass: 3,000 redraws in 0.75 s).
        if (mode == Mode.BAR && r.epoch() < epochs && (cleared || now - lastDraw >= BAR_NANOS)) {
            draw(r.epoch() + 1, now);
        }
    }

    @Override
    public void close() {
        clear();
    }

    private ProgressLine line(int epoch, long now) {
        double loss = epochSamples == 0 ? lastEpochLoss : epochLossSum / epochSamples;
        long total = (long) (epochs - firstEpoch + 1) * stepsPerEpoch;
        return new ProgressLine(epoch, epochs, stepsDone, total, now - started, loss);
    }

    private void draw(int epoch, long now) {
        err.print("\r" + line(epoch, now).bar(width) + "\u001b[K");
        err.flush();
        drawn = true;
        lastDraw = now;
    }

    /** Erases the bar, so that the next text starts at the beginning of an empty line. */
    private void clear() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
            drawn = false;
        }
    }

    private String summary(EpochRecord r, long now) {
        int w = String.valueOf(epochs).length();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %" + w + "d/%d  loss %s", r.epoch(),
                epochs, short6(r.trainLoss())));
        if (!Double.isNaN(r.trainAccuracy())) {
            b.append(String.format(Locale.ROOT, "  acc %.2f%%", 100 * r.trainAccuracy()));
        }
        if (!Double.isNaN(r.testLoss()) || r.testNonFinite() > 0) {
            b.append("  test loss ").append(short6(r.testLoss()));
        }
        if (!Double.isNaN(r.testAccuracy())) {
            b.append(String.format(Locale.ROOT, "  test acc %.2f%%", 100 * r.testAccuracy()));
        }
        double seconds = (now - started) / 1e9;
        b.append(String.format(Locale.ROOT, "  [%.2fs, %.0f steps/s]", seconds, seconds > 0 ? stepsDone / seconds : 0.0));
        return b.toString();
    }

    private static String short6(double v) {
        return ProgressLine.number(v, 6);
    }
}
