package io.nnpipe.output;

import io.nnpipe.plugin.Registry;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares the plugins a checkpointed run used ({@link Checkpoint#plugins()}) with those on the
 * class path now, for {@code --resume}: a plugin's code decides its component's numbers as much
 * as the config does, so a run continued with another jar (or without it, or with another plugin
 * supplying one of its components) would mix two different runs in one folder, exactly like a
 * changed config. Jars are compared by SHA-256 (a renamed jar with the same bytes is the same
 * code); a plugin loaded from a class folder has no digest and is compared by the folder's name.
 */
public final class ResumePlugins {
    private ResumePlugins() {
    }

    /**
     * Refuses, before the config is read, a run whose checkpoint names a plugin that is missing now,
     * is another jar, or no longer supplies a component the run took from it: without this, a
     * config naming a missing plugin's component fails as an unknown id, naming neither the plugin
     * nor its jar. Says nothing when the folder has no readable checkpoint (resuming reports that).
     *
     * @throws RunFolderException naming each plugin, its jar and SHA-256, expected and found
     */
    public static void check(RunFolder folder, Registry registry) {
        Checkpoint c;
        try {
            c = Files.isRegularFile(folder.file(RunFolder.CHECKPOINT)) ? Checkpoint.read(folder) : null;
        } catch (RunFolderException e) {
            return;
        }
        String change = c == null || c.plugins() == null ? null
                : joined(differences(c.plugins(), registry));
        if (change != null) {
            throw new RunFolderException("cannot resume " + folder.dir() + ": " + change + ". " + Resume.MIXING);
        }
    }

    /**
     * A warning when the checkpoint predates recording plugins but the config uses some now: their
     * jars cannot be compared with the run's (the run continues; refusing would make every such run
     * impossible to resume although the jar most likely did not change). Null otherwise.
     */
    public static String unchecked(Checkpoint c, RunManifest identity) {
        if (c.plugins() != null || identity.plugins() == null || identity.plugins().isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        identity.plugins().forEach(u -> names.add("'" + u.id() + "' (" + u.describeJar() + ")"));
        return "the checkpoint was written by an nnpipe that did not record plugins, so it cannot be checked that the"
                + " run used the plugin jars on the class path now: " + String.join(", ", names);
    }

    /**
     * What differs between the plugins the run used and those that would be used now, one sentence
     * each naming the plugin, its jar and what was expected and found; empty when nothing differs.
     *
     * @param now the plugins that supply the config's components now
     * @param registry the components on the class path now (to say where a missing component went)
     */
    static List<String> differences(List<PluginsUsed.Used> recorded, List<PluginsUsed.Used> now, Registry registry) {
        List<String> out = new ArrayList<>();
        Map<String, PluginsUsed.Used> was = byComponent(recorded);
        Map<String, PluginsUsed.Used> is = byComponent(now);
        for (PluginsUsed.Used r : recorded) {
            PluginsUsed.Used n = find(now, r.id());
            if (!registry.plugins().contains(r.id())) {
                out.add("plugin '" + r.id() + "' is not on the class path now (the run used " + r.describeJar()
                        + " for " + nouns(r.components()) + ")");
            } else if (n != null && !sameCode(r, n)) {
                out.add("plugin '" + r.id() + "' is another jar now: the run used " + r.describeJar() + ", found "
                        + n.describeJar());
            }
        }
        for (Map.Entry<String, PluginsUsed.Used> e : was.entrySet()) {
            PluginsUsed.Used r = e.getValue();
            PluginsUsed.Used n = is.get(e.getKey());
            boolean gone = !registry.plugins().contains(r.id()); // said above, unless another plugin took over
            if (n == null ? !gone : !n.id().equals(r.id())) {
                out.add(PluginsUsed.noun(e.getKey()) + " came from plugin '" + r.id() + "' (" + r.jar() + "), now "
                        + (n != null ? "from plugin '" + n.id() + "' (" + n.describeJar() + ")" : elsewhere(registry, e.getKey())));
            }
        }
        for (Map.Entry<String, PluginsUsed.Used> e : is.entrySet()) {
            if (!was.containsKey(e.getKey())) {
                PluginsUsed.Used n = e.getValue();
                out.add(PluginsUsed.noun(e.getKey()) + " now comes from plugin '" + n.id() + "' (" + n.describeJar()
                        + "), but the run used no plugin for it");
            }
        }
        return out;
    }

    /**
     * The differences visible before the config is read: whether each plugin the run used is still
     * on the class path, the same jar, and still supplies the components the run took from it. A
     * config naming a component of a missing plugin would otherwise be reported as an unknown id,
     * without the plugin or jar the run used.
     */
    static List<String> differences(List<PluginsUsed.Used> recorded, Registry registry) {
        TreeSet<String> components = new TreeSet<>();
        recorded.forEach(u -> components.addAll(u.components()));
        return differences(recorded, PluginsUsed.supplying(registry, components), registry);
    }

    private static String elsewhere(Registry registry, String component) {
        Registry.Entry e = PluginsUsed.entry(registry, component);
        return e == null ? "no plugin on the class path supplies it"
                : e.plugin().equals(PluginsUsed.BUILTIN) ? "it is built in" : "the config does not use it";
    }

    private static boolean sameCode(PluginsUsed.Used a, PluginsUsed.Used b) {
        return a.sha256() != null && b.sha256() != null ? a.sha256().equals(b.sha256())
                : a.sha256() == null && b.sha256() == null && a.jar().equals(b.jar());
    }

    private static PluginsUsed.Used find(List<PluginsUsed.Used> list, String id) {
        return list.stream().filter(u -> u.id().equals(id)).findFirst().orElse(null);
    }

    private static Map<String, PluginsUsed.Used> byComponent(List<PluginsUsed.Used> list) {
        Map<String, PluginsUsed.Used> m = new LinkedHashMap<>();
        for (PluginsUsed.Used u : list) {
            u.components().forEach(c -> m.put(c, u));
        }
        return m;
    }

    private static String nouns(List<String> components) {
        return String.join(", ", components.stream().map(PluginsUsed::noun).toList());
    }

    /** The differences as one clause of a refusal; null when there are none. */
    static String joined(List<String> differences) {
        return differences.isEmpty() ? null : "the plugins differ from those the run used: " + String.join("; ", differences);
    }
}
