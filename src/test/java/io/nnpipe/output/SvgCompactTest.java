package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SVG compaction: rounding and joining of line chains, on hand-written input. */
class SvgCompactTest {

    @Test
    void roundsLongDecimalsToAThousandthAndLeavesShortOnesAlone() {
        assertEquals("<svg version=\"1.1\"><rect x=\"57.214\" y=\"0.5\" width=\"0\" height=\"100\"/>",
                SvgCompact.roundNumbers("<svg version=\"1.1\"><rect x=\"57.2138671875\" y=\"0.5\" width=\"-1.0E-5\" "
                        + "height=\"99.99999999999999\"/>"));
    }

    @Test
    void joinsAChainOfSameStyleLinesIntoOnePath() {
        String in = "<g>\n"
                + "  <line style=\"s\" x1=\"0\" x2=\"1\" y1=\"5\" y2=\"6\"/>\n"
                + "  <line style=\"s\" x1=\"1\" x2=\"2\" y1=\"6\" y2=\"4\"/>\n"
                + "  <line style=\"t\" x1=\"2\" x2=\"3\" y1=\"4\" y2=\"4\"/>\n"
                + "  <line style=\"t\" x1=\"9\" x2=\"9\" y1=\"0\" y2=\"1\"/>\n"
                + "</g>\n";
        String out = "<g>\n"
                + "  <path style=\"s\" d=\"M0,5 L1,6 L2,4\"/>\n"
                + "  <path style=\"t\" d=\"M2,4 L3,4\"/>\n"
                + "  <path style=\"t\" d=\"M9,0 L9,1\"/>\n"
                + "</g>\n";
        assertEquals(out, SvgCompact.joinLines(in), "a new style or a gap starts a new path");
    }
}
