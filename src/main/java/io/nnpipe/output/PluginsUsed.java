package io.nnpipe.output;

import io.nnpipe.plugin.Kind;
import io.nnpipe.plugin.Registry;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code plugins} section of run.yaml: every plugin other than the built-ins whose component a
 * config names (as a {@code type} or {@code init}), with its jar's file name (no absolute path, like
 * the rest of run.yaml) and SHA-256, and the components used. A run made
 * with a plugin layer recorded nothing about the plugin, so a changed plugin jar changed the
 * numbers with nothing in the manifest to say why (QA's seventh pass). Runs that use only the
 * built-ins get no section, so their manifests are as before.
 */
final class PluginsUsed {
    private static final String BUILTIN = "builtin";

    private PluginsUsed() {
    }

    /** The section's entries, sorted by plugin id; empty when only built-ins are used. */
    static List<Map<String, Object>> of(Registry registry, Map<String, Object> resolved) {
        Set<String> named = new TreeSet<>();
        collect(resolved, named);
        Map<String, Map<String, Object>> byPlugin = new TreeMap<>();
        for (Kind kind : Kind.values()) {
            for (Registry.Entry e : registry.entries(kind)) {
                if (!e.plugin().equals(BUILTIN) && named.contains(e.id())) {
                    Map<String, Object> p = byPlugin.computeIfAbsent(e.plugin(), id -> describe(id, e.origin()));
                    @SuppressWarnings("unchecked")
                    List<String> components = (List<String>) p.get("components");
                    components.add(kind.noun() + " " + e.id());
                }
            }
        }
        return List.copyOf(byPlugin.values());
    }

    private static Map<String, Object> describe(String id, String origin) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        Path file = file(origin);
        m.put("jar", file == null || file.getFileName() == null ? origin : file.getFileName().toString());
        if (file != null && Files.isRegularFile(file)) {
            m.put("sha256", Sha256.of(file));
        }
        m.put("components", new ArrayList<String>());
        return m;
    }

    private static Path file(String origin) {
        try {
            return Path.of(new URL(origin).toURI());
        } catch (URISyntaxException | java.net.MalformedURLException | IllegalArgumentException
                | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    /** Every string given under a key {@code type} or {@code init}, at any depth. */
    private static void collect(Object node, Set<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (("type".equals(k) || "init".equals(k)) && v instanceof String s) {
                    out.add(s);
                }
                collect(v, out);
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        }
    }
}
