package io.nnpipe.cli;

import io.nnpipe.model.Network;
import io.nnpipe.output.Num;
import io.nnpipe.train.EpochRecord;
import io.nnpipe.train.TrainListener;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A concise per-epoch summary on the log (stderr): the first and last epochs, about ten in
 * between, and any epoch that ends more than two seconds after the last line; every epoch at
 * debug level.
 */
final class Progress implements TrainListener {
    private static final Logger LOG = LogManager.getLogger("nnpipe");
    private final int epochs;
    private final long stepsPerEpoch;
    private long started;
    private long lastLine;
    private int firstEpoch;

    Progress(int epochs, long stepsPerEpoch) {
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    @Override
    public void started(Network network, int startEpoch) {
        started = System.nanoTime();
        lastLine = started;
        firstEpoch = startEpoch + 1;
    }

    @Override
    public void epochEnded(EpochRecord r, Network network) {
        long now = System.nanoTime();
        boolean show = r.epoch() == firstEpoch || r.epoch() == epochs || r.epoch() % Math.max(1, epochs / 10) == 0
                || now - lastLine > 2_000_000_000L;
        String line = summary(r, now);
        if (show) {
            LOG.info(line);
            lastLine = now;
        } else {
            LOG.debug(line);
        }
    }

    private String summary(EpochRecord r, long now) {
        int width = String.valueOf(epochs).length();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %" + width + "d/%d  loss %s", r.epoch(),
                epochs, short6(r.trainLoss())));
        if (!Double.isNaN(r.trainAccuracy())) {
            b.append(String.format(Locale.ROOT, "  acc %.2f%%", 100 * r.trainAccuracy()));
        }
        if (!Double.isNaN(r.testLoss())) {
            b.append("  test loss ").append(short6(r.testLoss()));
        }
        if (!Double.isNaN(r.testAccuracy())) {
            b.append(String.format(Locale.ROOT, "  test acc %.2f%%", 100 * r.testAccuracy()));
        }
        double seconds = (now - started) / 1e9;
        long steps = (long) (r.epoch() - firstEpoch + 1) * stepsPerEpoch;
        b.append(String.format(Locale.ROOT, "  [%.2fs, %.0f steps/s]", seconds, seconds > 0 ? steps / seconds : 0.0));
        return b.toString();
    }

    private static String short6(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : Num.format(v);
    }
}
