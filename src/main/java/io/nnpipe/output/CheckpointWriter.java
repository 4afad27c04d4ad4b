package io.nnpipe.output;

import io.nnpipe.model.Network;
import io.nnpipe.optim.Optimizer;
import io.nnpipe.train.EpochRecord;
import io.nnpipe.train.StepRecord;
import io.nnpipe.train.TraceEntry;
import io.nnpipe.train.TrainListener;
import java.util.List;
import java.util.Map;

/**
 * Writes the run's {@link Checkpoint} when training starts, after an epoch when at least the
 * given interval (1 s by default) has passed since the last one was written, and after the last
 * epoch, atomically (replacing the previous one). A killed run thus resumes from at most a second
 * of training back (bit for bit, as from any checkpoint), and a run of many short epochs (the doc
 * example: 100 epochs in 0.15 s) does not spend a third of its training writing checkpoints that
 * the next epoch replaces (docs/performance.md). Long epochs get a checkpoint each, as before.
 *
 * <p>It counts the rows the logs get from the same events the logs write them from — one {@code loss.csv} row per step, one {@code epochs.csv} row per epoch, one
 * {@code trace.csv} row per traced value — so a resume can cut each log back to exactly the
 * checkpoint, whatever a killed process wrote after it. Register it after the log listeners, so
 * that their rows for an epoch are handed to the operating system before its checkpoint exists.
 */
public final class CheckpointWriter implements TrainListener {
    private final RunFolder folder;
    private final RunManifest identity;
    private final Optimizer optimizer;
    private long lossRows;
    private long epochRows;
    private long traceRows;
    private final long intervalNanos;
    private long lastWrite;
    /** The epoch and last step of an epoch whose checkpoint was skipped; -1 when none is owed. */
    private int owedEpoch = -1;
    private long owedStep;

    /**
     * For a run starting fresh ({@code resumed} null) or continuing from {@code resumed}; epochs'
     * checkpoints at least {@code intervalNanos} apart (0: every epoch).
     */
    public CheckpointWriter(RunFolder folder, RunManifest identity, Optimizer optimizer, Checkpoint resumed,
            long intervalNanos) {
        this.intervalNanos = intervalNanos;
        this.lastWrite = System.nanoTime();
        this.folder = folder;
        this.identity = identity;
        this.optimizer = optimizer;
        if (resumed != null) {
            lossRows = resumed.rows().getOrDefault(RunFolder.LOSS, 0L);
            epochRows = resumed.rows().getOrDefault(RunFolder.EPOCHS, 0L);
            traceRows = resumed.rows().getOrDefault(RunFolder.TRACE, 0L);
        }
    }

    @Override
    public void started(Network network, int startEpoch) {
        if (startEpoch == 0) {
            write(0, 0, network);
        }
    }

    @Override
    public void traced(int epoch, long step, List<TraceEntry> entries) {
        for (TraceEntry e : entries) {
            traceRows += e.values().length;
        }
    }

    @Override
    public void step(StepRecord record) {
        lossRows++;
    }

    @Override
    public void epochEnded(EpochRecord record, Network network) {
        epochRows++;
        if (System.nanoTime() - lastWrite >= intervalNanos) {
            write(record.epoch(), record.lastStep(), network);
        } else {
            owedEpoch = record.epoch();
            owedStep = record.lastStep();
        }
    }

    @Override
    public void finished(Network network) {
        if (owedEpoch >= 0) {
            write(owedEpoch, owedStep, network);
        }
    }

    private void write(int epoch, long step, Network network) {
        owedEpoch = -1;
        Map<String, Long> rows = Map.of(RunFolder.LOSS, lossRows, RunFolder.EPOCHS, epochRows, RunFolder.TRACE, traceRows);
        Checkpoint.capture(epoch, step, rows, identity, network, optimizer).write(folder);
        lastWrite = System.nanoTime();
    }
}
