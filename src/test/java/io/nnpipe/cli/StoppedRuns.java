package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nnpipe.train.StepRecord;
import io.nnpipe.train.TrainListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Training runs stopped the way a crash stops them: an exception thrown from the step listener
 * right after a given step, so whatever the run wrote up to there (checkpoint, logs, snapshots)
 * is on disk for a {@code --resume} to continue from.
 */
final class StoppedRuns {
    /** What the listener throws; a run that ends without it was not stopped. */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private StoppedRuns() {
    }

    /** Runs {@code train} with {@code args} (its output discarded) and asserts it stopped right after {@code step}. */
    static void afterStep(long step, String... args) {
        TrainListener stopper = new TrainListener() {
            @Override
            public void step(StepRecord record) {
                if (record.step() == step) {
                    throw new Stop();
                }
            }
        };
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThrows(Stop.class, () -> new TrainCommand(quiet, quiet, List.of(stopper)).run(args));
    }
}
