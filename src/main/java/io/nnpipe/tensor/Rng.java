package io.nnpipe.tensor;

/**
 * A small, fully specified pseudo-random generator (SplitMix64 seeding a xoshiro256** state), so
 * that seeded initialisation, shuffling and dropout give the same numbers on every JVM. The JDK's
 * generators are not used because their algorithms (notably {@code nextGaussian}) are not fixed
 * across Java versions. Not thread-safe; each component gets its own instance through
 * {@link #derive(long, String)}.
 */
public final class Rng {
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    public Rng(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
    }

    /**
     * A generator for one named component (e.g. {@code "layer:conv1/weight"}) of a run with the
     * given seed. Streams of different components are independent of each other and of their order
     * of creation, so adding a layer does not change another layer's initial weights.
     */
    public static Rng derive(long seed, String component) {
        long h = seed ^ 0x6A09E667F3BCC909L;
        for (int i = 0; i < component.length(); i++) {
            h = splitMix(h ^ component.charAt(i));
        }
        return new Rng(h);
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 random bits (xoshiro256**). */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1), 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long limit = Long.remainderUnsigned(-1L, bound);
        while (true) {
            long r = nextLong();
            if (Long.compareUnsigned(r, -1L - limit) <= 0) {
                return (int) Long.remainderUnsigned(r, bound);
            }
        }
    }

    /**
     * Standard normal by the Box-Muller transform with StrictMath, one value per call (the pair's
     * second value is discarded so the state stays a plain four-word value).
     */
    public double nextGaussian() {
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 == 0.0);
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    /** The four state words, for checkpoints. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    /** Restores the state from {@link #state()}. */
    public void restore(long[] state) {
        if (state.length != 4) {
            throw new IllegalArgumentException("an Rng state has 4 words, found " + state.length);
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
    }

    /** Fisher-Yates shuffle of {@code a}, in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
