package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import org.junit.jupiter.api.Test;

/**
 * A path the JVM cannot represent is bad input (exit 2, named), never an internal error: under
 * {@code LC_ALL=C} a folder named {@code ünï} on the command line was exit 70 (QA, sixth pass). The
 * locale cannot be changed inside a test's JVM, so a NUL character stands in for it here; the
 * locale case was checked by hand (docs/qa.md, sixth pass).
 */
class UnusablePathTest {
    @Test
    void aPathTheJvmRefusesIsBadInputNotAnInternalError() {
        Cli.Result r = Cli.run("-q", "configs/doc-example.yaml", "--out", "run\u0000x");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("error: cannot use the path \"run\u0000x\": Nul character not allowed"), r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("LC_ALL"), "no locale hint for a NUL: " + r.err());
    }
}
