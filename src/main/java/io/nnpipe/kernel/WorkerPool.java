package io.nnpipe.kernel;

/**
 * A fixed pool: the calling thread plus {@code threads - 1} daemon workers that wait between
 * kernels. Tasks are handed out by a shared counter, so which thread runs which task varies from
 * run to run; that is harmless because tasks write disjoint outputs (see {@link Parallel}).
 * Running a kernel allocates nothing. One kernel runs at a time: {@link #forEach} must not be
 * called from two threads at once, nor from inside a task.
 */
final class WorkerPool implements Parallel {
    private final Thread[] workers;
    private final Object lock = new Object();
    /** The current kernel; written under the lock before {@code generation} moves. */
    private Task task;
    private int tasks;
    private int next;
    private int unfinished;
    private int busyWorkers;
    private long generation;
    private boolean closed;
    private Throwable failure;

    WorkerPool(int threads) {
        workers = new Thread[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            int worker = w + 1;
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
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the worker pool is closed");
            }
            task = body;
            tasks = count;
            next = 0;
            unfinished = count;
            failure = null;
            generation++;
            lock.notifyAll();
        }
        work(body, 0);
        Throwable t;
        synchronized (lock) {
            // Wait for the last task and for every worker to leave this kernel, so none can
            // still be holding it when the next one is set up.
            while (unfinished > 0 || busyWorkers > 0) {
                waitOn();
            }
            task = null;
            t = failure;
            failure = null;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** Takes tasks of the current kernel until none is left. */
    private void work(Task body, int worker) {
        while (true) {
            int i;
            synchronized (lock) {
                if (next >= tasks) {
                    return;
                }
                i = next++;
            }
            Throwable t = null;
            try {
                body.run(i, worker);
            } catch (RuntimeException | Error e) {
                t = e;
            }
            synchronized (lock) {
                if (t != null && failure == null) {
                    failure = t;
                }
                if (--unfinished == 0) {
                    lock.notifyAll();
                }
            }
        }
    }

    private void workLoop(int worker) {
        long seen = 0;
        while (true) {
            Task body;
            synchronized (lock) {
                while (generation == seen && !closed) {
                    waitOn();
                }
                if (closed) {
                    return;
                }
                seen = generation;
                body = task;
                if (body == null) {
                    continue;
                }
                busyWorkers++;
            }
            try {
                work(body, worker);
            } finally {
                synchronized (lock) {
                    busyWorkers--;
                    lock.notifyAll();
                }
            }
        }
    }

    private void waitOn() {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running a kernel", e);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }
}
