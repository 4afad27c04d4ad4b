package io.nnpipe.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The few facts of a run manifest that {@code verify} prints: tool, Java, OS and the config's identity. */
record ManifestSummary(String tool, String java, String os, String resolvedSha256, String overrides) {

    /** The summary of a {@code run.yaml}, or null when it is missing or unreadable (it is only informative). */
    static ManifestSummary read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (!(doc instanceof Map<?, ?> m) || !(m.get("tool") instanceof Map)) {
                return null; // YAML but no manifest: printed "null null (commit unknown), Java null" (QA, fifth pass)
            }
            return new ManifestSummary(
                    get(m, "tool", "name") + " " + get(m, "tool", "version") + " (commit " + shortCommit(get(m, "tool", "git_commit")) + ")",
                    "Java " + get(m, "java", "version") + " (" + get(m, "java", "vendor") + ")",
                    get(m, "os", "name") + " " + get(m, "os", "arch"),
                    get(m, "config", "resolved_sha256"),
                    get(m, "config", "overrides"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    String describe() {
        return tool + ", " + java + ", " + os;
    }

    private static String get(Map<?, ?> m, String section, String key) {
        Object s = m.get(section);
        Object v = s instanceof Map<?, ?> sm ? sm.get(key) : null;
        return v == null ? null : v.toString();
    }

    private static String shortCommit(String c) {
        return c == null ? "unknown" : c.length() > 12 ? c.substring(0, 12) : c;
    }
}
