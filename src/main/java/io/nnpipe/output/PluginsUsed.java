package io.nnpipe.output;

import io.nnpipe.plugin.Kind;
import io.nnpipe.plugin.Registry;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The plugins other than the built-ins whose components a config names (as a {@code type} or
 * {@code init}), each with its jar's file name (no absolute path, like the rest of run.yaml), the
 * jar's SHA-256 and the components used: the {@code plugins} section of run.yaml, and what a
 * checkpoint records so that {@code --resume} can tell a changed plugin jar ({@link ResumePlugins}).
 * A run made with a plugin layer recorded nothing about the plugin, so a changed plugin jar changed
 * the numbers with nothing in the manifest to say why (QA's seventh pass). Runs that use only the
 * built-ins get no section, so their manifests are as before.
 */
final class PluginsUsed {
    static final String BUILTIN = "builtin";

    private PluginsUsed() {
    }

    /**
     * One plugin a run used.
     *
     * @param jar the file name of the jar (or class folder) it was loaded from
     * @param sha256 the jar's SHA-256; null when it was not loaded from a regular file (a class folder)
     * @param components {@code KIND:ID} of each component used, e.g. {@code layer:prelu}, sorted
     */
    record Used(String id, String jar, String sha256, List<String> components) {
        /** The jar and its digest, as messages name them. */
        String describeJar() {
            return jar + (sha256 == null ? " (a folder, no SHA-256)" : " with SHA-256 " + sha256);
        }
    }

    /** The run.yaml section's entries, sorted by plugin id; empty when only built-ins are used. */
    static List<Map<String, Object>> yaml(List<Used> plugins) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Used u : plugins) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", u.id());
            m.put("jar", u.jar());
            if (u.sha256() != null) {
                m.put("sha256", u.sha256());
            }
            m.put("components", u.components().stream().map(PluginsUsed::noun).toList());
            out.add(m);
        }
        return out;
    }

    /** The plugins a resolved config uses, sorted by id; empty when only built-ins are used. */
    static List<Used> used(Registry registry, Map<String, Object> resolved) {
        Set<String> named = new TreeSet<>();
        collect(resolved, named);
        List<String> components = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Registry.Entry e : registry.entries(kind)) {
                if (named.contains(e.id())) {
                    components.add(component(kind, e.id()));
                }
            }
        }
        return supplying(registry, components);
    }

    /**
     * The plugins of {@code registry} that supply these components ({@code KIND:ID}), sorted by id;
     * components that are built in, or that no plugin supplies, are left out.
     */
    static List<Used> supplying(Registry registry, Collection<String> components) {
        Map<String, List<String>> byPlugin = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        for (String c : components) {
            Registry.Entry e = entry(registry, c);
            if (e != null && !e.plugin().equals(BUILTIN)) {
                byPlugin.computeIfAbsent(e.plugin(), id -> new ArrayList<>()).add(c);
                origins.put(e.plugin(), e.origin());
            }
        }
        List<Used> out = new ArrayList<>();
        byPlugin.forEach((id, cs) -> out.add(describe(id, origins.get(id), cs)));
        return List.copyOf(out);
    }

    /** The registry's entry for {@code KIND:ID}; null when it has none (or the kind is unknown). */
    static Registry.Entry entry(Registry registry, String component) {
        int colon = component.indexOf(':');
        for (Kind kind : Kind.values()) {
            if (colon > 0 && kind.name().toLowerCase(Locale.ROOT).equals(component.substring(0, colon))) {
                return registry.entry(kind, component.substring(colon + 1));
            }
        }
        return null;
    }

    /** {@code layer:prelu} as messages and run.yaml name it: {@code layer prelu}. */
    static String noun(String component) {
        int colon = component.indexOf(':');
        for (Kind kind : Kind.values()) {
            if (colon > 0 && kind.name().toLowerCase(Locale.ROOT).equals(component.substring(0, colon))) {
                return kind.noun() + " " + component.substring(colon + 1);
            }
        }
        return component;
    }

    private static String component(Kind kind, String id) {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + id;
    }

    private static Used describe(String id, String origin, List<String> components) {
        Path file = file(origin);
        String jar = file == null || file.getFileName() == null ? origin : file.getFileName().toString();
        String sha = file != null && Files.isRegularFile(file) ? Sha256.of(file) : null;
        return new Used(id, jar, sha, List.copyOf(components));
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
