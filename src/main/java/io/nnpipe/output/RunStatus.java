package io.nnpipe.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The {@code status} a run folder's {@code run.yaml} records ({@link RunManifest#write}):
 * {@code complete}, or {@code stopped: WHY} after a training fault. The {@code report} command
 * reads it so that a redrawn page still says that, and why, training stopped.
 */
final class RunStatus {
    private static final String KEY = "status: ";
    private static final String STOPPED = "stopped: ";

    private RunStatus() {
    }

    /** The status in {@code manifest}, or null when there is none (no run.yaml, cut or unreadable). */
    static String read(Path manifest) {
        try {
            for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                if (line.startsWith(KEY)) { // a top-level key: the manifest writes it on one line
                    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(line);
                    return doc instanceof Map<?, ?> m && m.get("status") instanceof String s ? s : null;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null; // only informative: the page is drawn without it
        }
        return null;
    }

    /** Why training stopped, from a status; null when it did not (or is not known to have). */
    static String stopped(String status) {
        return status != null && status.startsWith(STOPPED) ? status.substring(STOPPED.length()) : null;
    }
}
