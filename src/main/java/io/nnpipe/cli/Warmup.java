package io.nnpipe.cli;

import io.nnpipe.output.ChartWarmup;
import io.nnpipe.output.Sha256;
import org.apache.logging.log4j.LogManager;

/**
 * Starts, on a daemon thread, what a training run needs later but not at once: Log4j (first used
 * once the config is read), the JDK's SHA-256 provider (the manifest hashes the config right after
 * reading it; finding the provider is ~20 ms in a fresh JVM) and, when the run ends with its charts
 * and report, the chart machinery ({@link ChartWarmup}). While one thread reads the config and trains a small network the second
 * core is otherwise idle, so this takes both off the start-up path (docs/performance.md).
 *
 * <p>Nothing here changes what a run computes or writes: Log4j is started with the level
 * {@link Logging#configure} already set, and the charts are drawn afresh after training.
 */
final class Warmup {
    private Warmup() {
    }

    /**
     * Call after {@link Logging#configure}. Log4j is started here only with the bundled
     * configuration: log4j-core, still starting on one thread, hands other threads loggers of its
     * default configuration (errors only), which would lose the first messages.
     */
    static void start(boolean bundledLog, boolean charts) {
        Thread t = new Thread(() -> {
            if (bundledLog) {
                LogManager.getContext(false);
            }
            Sha256.ofText("");
            if (charts) {
                ChartWarmup.run();
            }
        }, "nnpipe-warmup");
        t.setDaemon(true);
        t.start();
    }
}
