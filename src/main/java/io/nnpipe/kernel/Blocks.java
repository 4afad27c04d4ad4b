package io.nnpipe.kernel;

/**
 * A fixed list of arrays (e.g. every parameter of a network) cut into blocks of at most
 * {@link #SIZE} elements, each block one task of an element-wise pass over all of them: an
 * optimizer update, a finite check. The cut depends only on the arrays' lengths, and each
 * element is handled by exactly one task on its own, so running the blocks on any number of
 * threads gives the same bits as one loop over everything.
 */
public final class Blocks {
    /** Elements per block: large enough that handing a block to a thread costs little beside it. */
    public static final int SIZE = 4096;
    /** Passes over fewer elements than this run as one loop on the calling thread. */
    static final int MIN_PARALLEL = 2 * SIZE;

    private final int[] array;
    private final int[] from;
    private final int total;

    /** Blocks over arrays of these lengths, in order: array 0's blocks first. */
    public Blocks(int[] lengths) {
        int tasks = 0;
        int sum = 0;
        for (int n : lengths) {
            tasks += (n + SIZE - 1) / SIZE;
            sum += n;
        }
        this.array = new int[tasks];
        this.from = new int[tasks];
        this.total = sum;
        int t = 0;
        for (int a = 0; a < lengths.length; a++) {
            for (int i = 0; i < lengths[a]; i += SIZE) {
                array[t] = a;
                from[t++] = i;
            }
        }
    }

    /** How many blocks. */
    public int count() {
        return array.length;
    }

    /** Which array block {@code t} is in. */
    public int array(int t) {
        return array[t];
    }

    /** Its first element. */
    public int from(int t) {
        return from[t];
    }

    /** Its end (exclusive), given the array's length {@code n}. */
    public int to(int t, int n) {
        return Math.min(n, from[t] + SIZE);
    }

    /**
     * Runs {@code task} for every block: on the threads of {@code parallel} when there are several
     * and enough elements, else in order on the calling thread (the same bits either way).
     */
    public void run(Parallel parallel, Parallel.Task task) {
        if (parallel.threads() == 1 || total < MIN_PARALLEL) {
            for (int t = 0; t < array.length; t++) {
                task.run(t, 0);
            }
        } else {
            parallel.forEach(array.length, task);
        }
    }
}
