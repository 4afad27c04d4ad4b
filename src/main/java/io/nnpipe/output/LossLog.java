package io.nnpipe.output;

import io.nnpipe.model.Network;
import io.nnpipe.train.EpochRecord;
import io.nnpipe.train.StepRecord;
import io.nnpipe.train.TrainListener;
import java.io.Closeable;

/**
 * Writes {@code loss.csv} (one row per step: {@code epoch,step,sample,loss,batch_size,learning_rate})
 * and {@code epochs.csv} (one row per epoch:
 * {@code epoch,train_loss,train_accuracy,test_loss,test_accuracy}, metrics that do not apply left
 * empty). Both are handed to the operating system at the end of every epoch.
 */
public final class LossLog implements TrainListener, Closeable {
    public static final String LOSS_HEADER = "epoch,step,sample,loss,batch_size,learning_rate";
    public static final String EPOCHS_HEADER = "epoch,train_loss,train_accuracy,test_loss,test_accuracy";
    private final CsvFile loss;
    private final CsvFile epochs;

    /** Starts both files afresh. */
    public LossLog(RunFolder folder) {
        this(folder, false);
    }

    /** Starts both files afresh, or appends to them when resuming (after {@link Resume} cut them back). */
    public LossLog(RunFolder folder, boolean append) {
        this.loss = CsvFile.open(folder.file(RunFolder.LOSS), LOSS_HEADER, append);
        this.epochs = CsvFile.open(folder.file(RunFolder.EPOCHS), EPOCHS_HEADER, append);
    }

    @Override
    public void step(StepRecord r) {
        loss.row().add(r.epoch()).add(r.step()).add(r.firstSample()).add(r.loss()).add(r.batchSize())
                .add(r.learningRate()).end();
    }

    @Override
    public void epochEnded(EpochRecord r, Network network) {
        CsvFile.Row row = epochs.row().add(r.epoch());
        metric(row, r.trainLoss());
        metric(row, r.trainAccuracy());
        if (r.testNonFinite() > 0) {
            row.add(r.testLoss()); // NaN as NaN: an empty cell would say there is no test set
        } else {
            metric(row, r.testLoss());
        }
        metric(row, r.testAccuracy());
        row.end();
        loss.flush();
        epochs.flush();
    }

    private static void metric(CsvFile.Row row, double v) {
        if (Double.isNaN(v)) {
            row.blank();
        } else {
            row.add(v);
        }
    }

    @Override
    public void close() {
        try {
            loss.close();
        } finally {
            epochs.close();
        }
    }
}
