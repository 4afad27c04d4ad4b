package io.nnpipe.data;

import io.nnpipe.tensor.Rng;
import java.util.Arrays;

/**
 * A seeded train/test split of one dataset: the indices 0..n-1 are shuffled by the generator
 * {@code Rng.derive(seed, "split")} (Fisher-Yates, {@link Rng#shuffle}); the first
 * round(n · fraction) of them form the test set, the rest the training set, and each side is then
 * put back in file order (ascending index), so the training set's order before any epoch shuffle
 * is the file's.
 */
public final class Split {
    private Split() {
    }

    /** The two sides: training indices and test indices, each ascending. */
    public record Sides(int[] train, int[] test) {
    }

    /** Number of test samples for n samples and a test fraction: round half up. */
    public static int testCount(int n, double fraction) {
        return (int) Math.floor(n * fraction + 0.5);
    }

    /** Splits {@code n} indices; the test side gets {@link #testCount} of them. */
    public static Sides of(int n, double fraction, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Rng.derive(seed, "split").shuffle(order);
        int k = testCount(n, fraction);
        int[] test = Arrays.copyOfRange(order, 0, k);
        int[] train = Arrays.copyOfRange(order, k, n);
        Arrays.sort(test);
        Arrays.sort(train);
        return new Sides(train, test);
    }
}
