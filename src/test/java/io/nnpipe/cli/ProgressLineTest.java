package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The text of progress reports, for a terminal and for a log. */
class ProgressLineTest {
    /** Epoch 3 of 10, 450 of 1000 steps after 3 seconds (150 steps/s, 550 left: 3.67 s). */
    private static final ProgressLine MIDWAY = new ProgressLine(3, 10, 450, 1000, 3_000_000_000L, 0.123456);

    @Test
    void barShowsEpochStepRateEtaAndLoss() {
        assertEquals("epoch 3/10 [=============>                ]  45% step 450/1,000  150 steps/s  ETA 0:04"
                + "  loss 0.1235", MIDWAY.bar(120));
    }

    @Test
    void barFitsNarrowTerminalsByShrinkingThenDroppingTheBar() {
        String mid = MIDWAY.bar(80);
        assertTrue(mid.length() < 80, mid);
        assertEquals("epoch 3/10 [====>     ]  45% step 450/1,000  150 steps/s  ETA 0:04  loss 0.1235", mid);
        String narrow = MIDWAY.bar(70);
        assertEquals("epoch 3/10  45% step 450/1,000  150 steps/s  ETA 0:04  loss 0.1235", narrow);
        assertEquals(39, MIDWAY.bar(40).length(), "cut at the last column but one");
    }

    @Test
    void lineForLogsSaysTheSameInPlainWords() {
        assertEquals("epoch 3/10  step 450/1,000 (45%)  loss 0.1235  [150 steps/s, 0:03 elapsed, ETA 0:04]", MIDWAY.line());
    }

    @Test
    void beforeTheFirstMeasurementThereIsNoRateOrEta() {
        ProgressLine start = new ProgressLine(1, 5, 0, 100, 0, Double.NaN);
        assertTrue(start.line().endsWith("loss -  [0.00 steps/s, 0:00 elapsed, ETA ?]"), start.line());
    }

    @Test
    void lossesTooSmallOrLargeForDecimalsAreWrittenInScientificForm() {
        assertEquals("0.1235", ProgressLine.number(0.123456, 4));
        assertEquals("0.0012", ProgressLine.number(0.00123, 4));
        assertEquals("1.2346e-05", ProgressLine.number(0.0000123456, 4));
        assertEquals("4.2203e+227", ProgressLine.number(4.220268899367844e227, 4));
        assertEquals("0.0000", ProgressLine.number(0, 4));
        assertEquals("Infinity", ProgressLine.number(Double.POSITIVE_INFINITY, 4));
    }

    @Test
    void durationsAndCountsAreWrittenForPeople() {
        assertEquals("0:59", ProgressLine.duration(59.4));
        assertEquals("1:00", ProgressLine.duration(59.6));
        assertEquals("1:01:01", ProgressLine.duration(3661));
        assertEquals("60,000", ProgressLine.grouped(60000));
        assertEquals("12.3k steps/s", new ProgressLine(1, 1, 12345, 20000, 1_000_000_000L, 1).rateText());
        assertEquals("2.5 steps/s", new ProgressLine(1, 1, 5, 20, 2_000_000_000L, 1).rateText());
    }
}
