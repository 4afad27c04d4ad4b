package io.nnpipe.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BlocksTest {

    @Test
    void blocksCoverEveryElementOnceInOrderWhateverTheLengths() {
        int[] lengths = {0, 1, Blocks.SIZE, Blocks.SIZE + 1, 3 * Blocks.SIZE - 7, 5};
        Blocks b = new Blocks(lengths);
        int[][] seen = new int[lengths.length][];
        for (int a = 0; a < lengths.length; a++) {
            seen[a] = new int[lengths[a]];
        }
        int lastArray = 0;
        int lastEnd = 0;
        for (int t = 0; t < b.count(); t++) {
            int a = b.array(t);
            if (a != lastArray) {
                assertEquals(lengths[lastArray], lastEnd, "array " + lastArray + " ends where its last block ends");
                lastArray = a;
                lastEnd = 0;
            }
            assertEquals(lastEnd, b.from(t), "blocks follow each other");
            lastEnd = b.to(t, lengths[a]);
            for (int i = b.from(t); i < lastEnd; i++) {
                seen[a][i]++;
            }
        }
        assertEquals(1 + 1 + 2 + 3 + 1, b.count());
        for (int[] s : seen) {
            for (int c : s) {
                assertEquals(1, c);
            }
        }
    }

    @Test
    void aPoolRunsEveryBlockExactlyOnce() {
        int[] lengths = {3 * Blocks.SIZE + 11, 2 * Blocks.SIZE};
        Blocks b = new Blocks(lengths);
        int[] runs = new int[b.count()];
        try (Parallel pool = Parallel.threads(3)) {
            b.run(pool, (t, worker) -> runs[t]++);
        }
        int[] once = new int[b.count()];
        java.util.Arrays.fill(once, 1);
        assertArrayEquals(once, runs);
    }
}
