package io.nnpipe.kernel;

import java.util.function.IntConsumer;

/**
 * Runs the independent tasks of a kernel, possibly on several threads. Kernels split their work
 * into tasks by fixed blocks that do not depend on {@link #threads()}, and each task writes only
 * its own outputs (every sum is computed whole by one task, in its fixed order), so the result is
 * the same bits for every thread count.
 */
public interface Parallel extends AutoCloseable {

    /** Runs every task on the calling thread. */
    Parallel SERIAL = new Parallel() {
        @Override
        public int threads() {
            return 1;
        }

        @Override
        public void forEach(int tasks, Task task) {
            for (int i = 0; i < tasks; i++) {
                task.run(i, 0);
            }
        }
    };

    /** One task of a kernel; {@code worker} in [0, threads()) names the thread, for per-thread scratch. */
    @FunctionalInterface
    interface Task {
        void run(int task, int worker);
    }

    /**
     * {@link #SERIAL} for one thread, else a pool of {@code threads} threads (the caller and
     * {@code threads - 1} workers) that the caller must close.
     */
    static Parallel threads(int threads) {
        return threads <= 1 ? SERIAL : new WorkerPool(threads);
    }

    /** How many threads may run tasks at once. */
    int threads();

    /**
     * Runs {@code task.run(i, worker)} for every i in [0, tasks), in any order and on any of the
     * threads, and returns when all are done. No two tasks run at once with the same worker index.
     * An exception thrown by a task is rethrown here once every task has ended.
     */
    void forEach(int tasks, Task task);

    /** Runs {@code task.accept(i)} for every i in [0, tasks) and returns when all are done. */
    default void run(int tasks, IntConsumer task) {
        forEach(tasks, (i, worker) -> task.accept(i));
    }

    /** Stops the pool's threads, if any. */
    @Override
    default void close() {
    }
}
