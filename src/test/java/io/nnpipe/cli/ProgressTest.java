package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.train.EpochRecord;
import io.nnpipe.train.StepRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress on a terminal (a bar redrawn in place), in a log (periodic lines), or not at all; driven by a fake clock. */
class ProgressTest {
    private static final long MS = 1_000_000L;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<String> lines = new ArrayList<>();
    private long now;

    private Progress progress(Progress.Mode mode) {
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress p = new Progress(2, 4, mode, new Progress.Output(err, 100, () -> now, lines::add));
        p.started(null, 0);
        return p;
    }

    private void steps(Progress p, int epoch, int from, int to, long msEach) {
        for (int s = from; s <= to; s++) {
            now += msEach * MS;
            p.step(new StepRecord(epoch, s, 1, 2, 0.5, 0.1));
        }
    }

    private String err() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void barIsRedrawnInPlaceAtMostTenTimesASecondAndClearedAtTheEnd() {
        Progress p = progress(Progress.Mode.BAR);
        steps(p, 1, 1, 4, 40);
        assertEquals(2, err().split("\r", -1).length - 1, "drawn at the first step (40 ms) and the fourth (160 ms): " + err());
        assertTrue(err().contains("epoch 1/2 [") && err().contains("loss 0.5000\u001b[K"), err());
        p.epochEnded(new EpochRecord(1, 4, 0.5, Double.NaN, Double.NaN, Double.NaN), null);
        assertEquals(1, lines.size(), "the first epoch's summary");
        assertTrue(err().endsWith("\u001b[K") && err().contains("epoch 2/2 ["), "the bar moves on to epoch 2: " + err());
        p.close();
        assertTrue(err().endsWith("\r\u001b[K"), "closing erases the bar");
        assertTrue(lines.get(0).startsWith("epoch 1/2  loss 0.500000"), lines.get(0));
    }

    @Test
    void aBarOverManyShortEpochsIsRedrawnAtMostTenTimesASecond() {
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress p = new Progress(1000, 1, Progress.Mode.BAR, new Progress.Output(err, 100, () -> now, lines::add));
        p.started(null, 0);
        for (int e = 1; e <= 1000; e++) { // 1,000 one-step epochs of 1 ms: one second in all
            steps(p, e, e, e, 1);
            p.epochEnded(new EpochRecord(e, e, 0.5, Double.NaN, Double.NaN, Double.NaN), null);
        }
        p.close();
        long draws = err().chars().filter(c -> c == '\r').count() - (lines.size() + 1); // each summary and the close erase
        assertEquals(11, lines.size(), "the first epoch and every hundredth");
        assertTrue(draws <= 10 + 2 * lines.size(), "at most ten draws a second, and one after each summary: " + draws);
    }

    @Test
    void withoutATerminalAPlainLineComesEveryFifteenSeconds() {
        Progress p = progress(Progress.Mode.LINES);
        steps(p, 1, 1, 3, 6000);
        assertEquals(List.of("epoch 1/2  step 3/8 (37%)  loss 0.5000  [0.17 steps/s, 0:18 elapsed, ETA 0:30]"), lines);
        assertEquals("", err(), "nothing but log lines");
        p.close();
        assertEquals("", err());
    }

    @Test
    void noneShowsOnlyEpochSummaries() {
        Progress p = progress(Progress.Mode.NONE);
        steps(p, 1, 1, 4, 60_000);
        assertTrue(lines.isEmpty());
        p.epochEnded(new EpochRecord(1, 4, 0.5, 1, 0.25, 0.75), null);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("acc 100.00%  test loss 0.250000  test acc 75.00%"), lines.get(0));
        p.close();
        assertEquals("", err());
    }

    @Test
    void modeFollowsTheOptionAndQuietWins() {
        PrintStream notStderr = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(Progress.Mode.LINES, Progress.mode("auto", false, notStderr), "a captured stream is no terminal");
        assertEquals(Progress.Mode.BAR, Progress.mode("bar", false, notStderr));
        assertEquals(Progress.Mode.NONE, Progress.mode("bar", true, notStderr), "-q silences the bar too");
        assertEquals(Progress.Mode.NONE, Progress.mode("none", false, notStderr));
        assertFalse(Terminal.isInteractive(notStderr));
    }
}
