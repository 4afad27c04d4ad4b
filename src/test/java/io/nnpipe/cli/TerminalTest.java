package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Telling a terminal from a pipe on stderr. The real check (an interactive shell vs CI) is manual:
 * docs/report.md shows it under tmux; here, the rules it applies.
 */
class TerminalTest {

    @Test
    void terminalDevicesAreRecognisedByTheirPath() {
        assertTrue(Terminal.isTerminalDevice("/dev/pts/3"));
        assertTrue(Terminal.isTerminalDevice("/dev/tty1"));
        assertTrue(Terminal.isTerminalDevice("/dev/console"));
        assertFalse(Terminal.isTerminalDevice("pipe:[123456]"));
        assertFalse(Terminal.isTerminalDevice("socket:[99]"));
        assertFalse(Terminal.isTerminalDevice("/tmp/run.log"));
        assertFalse(Terminal.isTerminalDevice("/dev/null"));
    }

    @Test
    void columnsFromTheEnvironmentAreCheckedForSense() {
        assertEquals(132, Terminal.parseColumns("132"));
        assertNull(Terminal.parseColumns("0"));
        assertNull(Terminal.parseColumns("wide"));
        assertNull(Terminal.parseColumns(null));
    }

    @Test
    void underTheTestRunnerStderrIsNoTerminal() {
        // surefire gives the forked JVM a pipe as stderr, as CI gives a build
        assertFalse(Terminal.stderrIsTerminal());
    }
}
