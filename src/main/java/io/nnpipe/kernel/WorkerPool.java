package io.nnpipe.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool: the calling thread plus {@code threads - 1} daemon workers. Tasks are handed out
 * by a shared counter, so which thread runs which task varies from run to run; that is harmless
 * because tasks write disjoint outputs (see {@link Parallel}). Running a kernel allocates nothing.
 * One kernel runs at a time: {@link #forEach} must not be called from two threads at once, nor
 * from inside a task.
 *
 * <p>Hand-off without the operating system where it can: a LeNet-5 step runs about 70 kernels, a
 * few microseconds apart. Waking a worker blocked in {@code wait()} and waiting for it to finish
 * cost tens of microseconds per kernel (more than the second thread saved), so a worker that
 * finishes a kernel first spins for {@link #SPIN_NANOS} looking for the next one and only then
 * parks, and the caller spins briefly for the last task to end before it parks. Tasks are
 * claimed by (generation, index) in one atomic word, and a finished kernel's index is set past
 * any count before the next kernel is written, so a worker that wakes late can never take a task
 * with another kernel's body or count.
 */
final class WorkerPool implements Parallel {
    /** How long an idle thread looks for work before it parks. */
    static final long SPIN_NANOS = 50_000;
    private final Thread[] workers;
    /** Per worker: parked (or about to park) and needing an unpark to see new work. */
    private final AtomicInteger[] sleeping;
    /** The current kernel, published by the write of {@link #claims}. */
    private volatile Task task;
    private volatile int tasks;
    /** High 32 bits: the kernel's generation; low 32: the next task index to hand out. */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger unfinished = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Thread caller;
    private volatile boolean closed;

    WorkerPool(int threads) {
        workers = new Thread[threads - 1];
        sleeping = new AtomicInteger[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            int worker = w + 1;
            sleeping[w] = new AtomicInteger();
            workers[w] = new Thread(() -> workLoop(worker), "nnpipe-worker-" + worker);
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    @Override
    public int threads() {
        return workers.length + 1;
    }

    @Override
    public void forEach(int count, Task body) {
        if (count <= 1) {
            for (int i = 0; i < count; i++) {
                body.run(i, 0);
            }
            return;
        }
        if (closed) {
            throw new IllegalStateException("the worker pool is closed");
        }
        caller = Thread.currentThread();
        task = body;
        tasks = count;
        unfinished.set(count);
        long generation = (claims.get() >>> 32) + 1;
        claims.set(generation << 32); // publishes the kernel
        for (int w = 0; w < workers.length; w++) {
            if (sleeping[w].get() != 0) {
                LockSupport.unpark(workers[w]);
            }
        }
        work(body, 0, generation, count);
        long start = System.nanoTime();
        while (unfinished.get() > 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 20_000);
            }
        }
        // Exhaust this kernel's claims before the next kernel's body and count are written: a
        // worker that read this generation but is slow to claim then finds nothing to take.
        claims.set(generation << 32 | Integer.MAX_VALUE);
        Throwable t = failure.getAndSet(null);
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** Takes tasks of kernel {@code generation} until none is left. */
    private void work(Task body, int worker, long generation, int count) {
        while (true) {
            long c = claims.get();
            if (c >>> 32 != generation || (int) c >= count) {
                return;
            }
            if (!claims.compareAndSet(c, c + 1)) {
                continue;
            }
            try {
                body.run((int) c, worker);
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
            if (unfinished.decrementAndGet() == 0) {
                Thread waiting = caller;
                if (waiting != null) {
                    LockSupport.unpark(waiting);
                }
            }
        }
    }

    private void workLoop(int worker) {
        AtomicInteger asleep = sleeping[worker - 1];
        long seen = 0;
        long idleSince = System.nanoTime();
        while (!closed) {
            long c = claims.get();
            long generation = c >>> 32;
            if (generation != seen) {
                seen = generation;
                Task body = task;
                int count = tasks;
                if (body != null && (claims.get() >>> 32) == generation) {
                    work(body, worker, generation, count);
                }
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                asleep.set(1);
                if ((claims.get() >>> 32) == seen && !closed) {
                    LockSupport.park(this);
                }
                asleep.set(0);
                idleSince = System.nanoTime();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
