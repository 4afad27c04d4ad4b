package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-value option given twice with different values is refused before anything runs: the first
 * silently won, so a CI script's "--rtol 1 ... --rtol 0" verified with a tolerance of 1 and
 * "--out a --out b" wrote into a (QA, sixth pass). --set stays repeatable; the same value twice is
 * harmless.
 */
class RepeatedOptionTest {
    @TempDir
    Path tmp;

    @Test
    void aOneValueOptionGivenTwiceWithDifferentValuesIsRefused() {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Cli.Result out = Cli.run("-q", "configs/doc-example.yaml", "--out", a.toString(), "--out", b.toString());
        assertEquals(2, out.exit(), out::toString);
        assertTrue(out.err().contains("--out is given twice (" + a + " and " + b + "); give it once"), out.err());
        assertTrue(Files.notExists(a) && Files.notExists(b), "nothing created");

        Cli.Result rtol = Cli.run("verify", "configs/doc-example.yaml", "--golden", "runs/golden/doc-example", "--rtol", "1",
                "--rtol", "0");
        assertEquals(2, rtol.exit(), rtol::toString);
        assertTrue(rtol.err().contains("--rtol is given twice (1 and 0)"), rtol.err());
    }

    @Test
    void setIsRepeatableAndTheSameValueTwiceIsHarmless() {
        Path a = tmp.resolve("a");
        Cli.Result r = Cli.run("-q", "--no-report", "configs/doc-example.yaml", "--out", a.toString(), "--out", a.toString(),
                "--set", "epochs=1", "--set", "optimizer.learning_rate=0.2", "--threads", "1", "--threads", "1");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(Files.exists(a.resolve("weights/epoch-0001.csv")));
    }
}
