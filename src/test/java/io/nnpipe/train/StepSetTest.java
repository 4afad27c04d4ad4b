package io.nnpipe.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Traced steps as people write them, and a warning when a run would reach none of them. */
class StepSetTest {
    @Test
    void stepsAndRangesAreParsedAsWritten() {
        StepSet s = StepSet.parse("1, 5,10-12");
        assertTrue(s.contains(1) && s.contains(5) && s.contains(10) && s.contains(12));
        assertFalse(s.contains(2) || s.contains(13));
        assertTrue(StepSet.parse("all").contains(123456789));
        assertTrue(StepSet.parse("none").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> StepSet.parse("5-2"));
        assertThrows(IllegalArgumentException.class, () -> StepSet.parse("0"));
    }

    @Test
    void askingOnlyForStepsPastTheEndIsNamed() {
        // --trace 500 on a 4-step run wrote a header-only trace.csv without a word
        assertEquals("no traced step is reached: the run has 4 steps, the trace asks for 500,600-700; trace.csv will"
                + " hold only its header", StepSet.parse("500,600-700").unreachedIn(4));
        assertNull(StepSet.parse("3,4").unreachedIn(4), "every step is reached");
        assertNull(StepSet.parse("all").unreachedIn(4));
        assertNull(StepSet.NONE.unreachedIn(4));
    }

    @Test
    void askingForStepsOfWhichSomeArePastTheEndIsNamedWithWhatIsTraced() {
        // --trace 15-30 on a 21-step run traced 15-21 without a word (QA, sixth pass)
        assertEquals("the trace asks for 15-30 but the run has 21 steps: 7 of them are traced, none after step 21",
                StepSet.parse("15-30").unreachedIn(21));
        assertEquals("the trace asks for 3,500 but the run has 4 steps: 1 of them is traced, none after step 4",
                StepSet.parse("3,500").unreachedIn(4));
        assertNull(StepSet.parse("15-21").unreachedIn(21));
    }

    @Test
    void tracedStepsAreCountedOnceWithinTheRun() {
        assertEquals(6, StepSet.parse("1,3-5,4-6,6,9,20-30").countIn(9), "1, 3, 4, 5, 6, 9");
        assertEquals(1000, StepSet.parse("all").countIn(1000));
        assertEquals(0, StepSet.NONE.countIn(1000));
    }
}
