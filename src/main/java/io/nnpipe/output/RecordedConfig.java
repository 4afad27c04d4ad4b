package io.nnpipe.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The resolved config a finished run recorded as the last section of its {@code run.yaml}
 * ({@link RunManifest}), compared with the resolved config of a pipeline: {@code report} redraws a
 * run's report from its CSV files and the config it is given, so a config that is not the run's
 * would put another network's stage table and config beside the run's numbers.
 */
public final class RecordedConfig {
    private static final String KEY = "resolved_config:";

    private RecordedConfig() {
    }

    /**
     * The first line at which the resolved config recorded in {@code manifest} differs from
     * {@code resolved}, as {@code "line N of the resolved config: was A, now B"}; null when they are
     * the same, or when there is no readable manifest with a resolved config (e.g. a killed run).
     */
    public static String difference(Path manifest, Map<String, ?> resolved) {
        String text;
        try {
            text = Files.readString(manifest, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        int at = text.indexOf("\n" + KEY);
        if (at < 0) {
            return null;
        }
        String[] was = text.substring(at + 1).split("\n", -1);
        String[] now = YamlText.render(Map.of("resolved_config", resolved)).split("\n", -1);
        for (int i = 1; i < Math.max(was.length, now.length); i++) {
            String a = i < was.length ? was[i].strip() : "(nothing)";
            String b = i < now.length ? now[i].strip() : "(nothing)";
            if (!a.equals(b)) {
                return "line " + i + " of the resolved config: was " + clip(a) + ", now " + clip(b);
            }
        }
        return null;
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
