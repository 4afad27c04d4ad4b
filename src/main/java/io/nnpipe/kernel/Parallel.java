package io.nnpipe.kernel;

import java.util.function.IntConsumer;

/**
 * Runs the independent tasks of a kernel, possibly on several threads. Kernels split their work
 * into tasks by fixed blocks that do not depend on {@link #threads()}, and each task writes only
 * its own outputs, so the result is the same bits for every thread count.
 */
public interface Parallel {

    /** Runs every task on the calling thread. */
    Parallel SERIAL = new Parallel() {
        @Override
        public int threads() {
            return 1;
        }

        @Override
        public void run(int tasks, IntConsumer task) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
        }
    };

    /** How many threads may run tasks at once. */
    int threads();

    /** Runs {@code task.accept(i)} for every i in [0, tasks) and returns when all are done. */
    void run(int tasks, IntConsumer task);
}
