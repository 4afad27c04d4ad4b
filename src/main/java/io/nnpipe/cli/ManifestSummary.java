package io.nnpipe.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The few facts of a run manifest that {@code verify} prints: tool, Java, OS, the config's
 * identity (its resolved SHA-256 and the lines of {@code resolved_config}) and each role's data
 * files, so that a golden run made from another config or other data is pointed out by its
 * first difference.
 */
record ManifestSummary(String tool, String java, String os, String resolvedSha256, String overrides,
        List<String> resolvedLines, Map<String, String> data) {
    private static final String RESOLVED = "resolved_config:";

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
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int at = lines.indexOf(RESOLVED);
            return new ManifestSummary(
                    get(m, "tool", "name") + " " + get(m, "tool", "version") + " (commit " + shortCommit(get(m, "tool", "git_commit")) + ")",
                    "Java " + get(m, "java", "version") + " (" + get(m, "java", "vendor") + ")",
                    get(m, "os", "name") + " " + get(m, "os", "arch"),
                    get(m, "config", "resolved_sha256"),
                    get(m, "config", "overrides"),
                    at < 0 ? List.of() : lines.subList(at + 1, lines.size()),
                    data(m.get("data")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    String describe() {
        return tool + ", " + java + ", " + os;
    }

    /**
     * What {@code verify} should point out about a golden run ({@code this}) against the run it
     * just made: a manifest that cannot say which config made it, another resolved config (its
     * first differing line), other data (by content, as resume compares them). Empty when nothing.
     */
    List<String> notesAgainst(ManifestSummary now) {
        List<String> notes = new ArrayList<>();
        if (resolvedSha256 == null || resolvedLines.isEmpty()) {
            notes.add("note: the golden run.yaml is incomplete (no " + (resolvedSha256 == null ? "config.resolved_sha256"
                    : RESOLVED.substring(0, RESOLVED.length() - 1)) + "): which config made the golden run cannot be checked");
        } else if (!resolvedSha256.equals(now.resolvedSha256)) {
            notes.add("note: the golden run was made from a different resolved config (its overrides: " + overrides
                    + "; these: " + now.overrides + "); differences may come from that");
            String first = firstDifference(resolvedLines, now.resolvedLines);
            if (first != null) {
                notes.add("      first difference, " + first);
            }
        }
        for (Map.Entry<String, String> role : now.data.entrySet()) {
            String golden = data.get(role.getKey());
            if (golden != null && !contents(golden).equals(contents(role.getValue()))) {
                notes.add("note: the " + role.getKey() + " data differ from the golden run's: golden " + golden + ", this run "
                        + role.getValue());
            }
        }
        return notes;
    }

    /** The files' contents without their paths: a config moved elsewhere reads the same data under other names. */
    private static String contents(String files) {
        Matcher m = Pattern.compile("\\(sha256 [^)]*\\)").matcher(files);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            b.append(m.group());
        }
        return b.length() == 0 ? files : b.toString();
    }

    private static String firstDifference(List<String> was, List<String> now) {
        for (int i = 0; i < Math.max(was.size(), now.size()); i++) {
            String a = i < was.size() ? was.get(i).strip() : "(nothing)";
            String b = i < now.size() ? now.get(i).strip() : "(nothing)";
            if (!a.equals(b)) {
                return "line " + (i + 1) + " of the resolved config: golden " + a + ", this run " + b;
            }
        }
        return null;
    }

    /** Per role, its files by content: "path (sha256 0123456789ab, N bytes)", or the manifest's text ("none", "inline ..."). */
    private static Map<String, String> data(Object section) {
        Map<String, String> roles = new LinkedHashMap<>();
        if (section instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                roles.put(String.valueOf(e.getKey()), files(e.getValue()));
            }
        }
        return roles;
    }

    private static String files(Object value) {
        if (!(value instanceof List<?> list)) {
            return String.valueOf(value);
        }
        List<String> parts = new ArrayList<>();
        for (Object f : list) {
            Map<?, ?> file = f instanceof Map<?, ?> fm ? fm : Map.of();
            String sha = String.valueOf(file.get("sha256"));
            parts.add(file.get("path") + " (sha256 " + (sha.length() > 12 ? sha.substring(0, 12) : sha) + ", "
                    + file.get("bytes") + " bytes)");
        }
        return String.join(", ", parts);
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
