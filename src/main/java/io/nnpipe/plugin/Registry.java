package io.nnpipe.plugin;

import io.nnpipe.init.InitializerFactory;
import io.nnpipe.loss.LossFactory;
import io.nnpipe.optim.OptimizerFactory;
import io.nnpipe.optim.ScheduleFactory;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The immutable set of components available to configs, by kind and id. Built once from
 * {@link Plugin}s, found with {@link java.util.ServiceLoader} or given explicitly, and then passed around as
 * an ordinary object (there is no global registry). Plugins are registered in order of their ids,
 * so the result does not depend on classpath order.
 */
public final class Registry {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*");

    /** One registered component: its factory and who provided it. */
    public record Entry(Kind kind, String id, Object factory, String plugin, String origin) {
    }

    private final Map<Kind, Map<String, Entry>> entries;
    private final List<String> plugins;

    private Registry(Map<Kind, Map<String, Entry>> entries, List<String> plugins) {
        this.entries = entries;
        this.plugins = plugins;
    }

    /** The registry of every plugin visible to {@code loader}. */
    public static Registry discover(ClassLoader loader) {
        return of(PluginLoading.load(loader));
    }

    /**
     * The registry of exactly these plugins.
     *
     * @throws PluginException if a plugin id is blank or repeated, or two plugins register the
     *     same id for one kind (the message names both plugins and where they come from)
     */
    public static Registry of(List<? extends Plugin> plugins) {
        List<Plugin> sorted = new ArrayList<>(plugins);
        for (Plugin p : sorted) {
            if (p.id() == null || p.id().isBlank()) {
                throw new PluginException("plugin " + p.getClass().getName() + " from " + origin(p) + " has a blank id");
            }
        }
        sorted.sort(Comparator.comparing(Plugin::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new PluginException("two plugins have the id '" + sorted.get(i).id() + "': "
                        + sorted.get(i - 1).getClass().getName() + " from " + origin(sorted.get(i - 1)) + " and "
                        + sorted.get(i).getClass().getName() + " from " + origin(sorted.get(i)));
            }
        }
        Map<Kind, Map<String, Entry>> all = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            all.put(k, new TreeMap<>());
        }
        List<String> names = new ArrayList<>();
        for (Plugin p : sorted) {
            names.add(p.id());
            register(p, new Collector(p, all));
        }
        Map<Kind, Map<String, Entry>> frozen = new EnumMap<>(Kind.class);
        all.forEach((k, m) -> frozen.put(k, Collections.unmodifiableMap(m)));
        return new Registry(frozen, List.copyOf(names));
    }

    /**
     * Runs a plugin's {@link Plugin#register}; an exception from it (a bug in the plugin, or a class
     * it needs missing from the class path) names the plugin and its jar instead of reaching the
     * user as an internal error of nnpipe.
     */
    private static void register(Plugin p, Collector collector) {
        try {
            p.register(collector);
        } catch (PluginException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new PluginException("plugin '" + p.id() + "' (" + origin(p) + ") failed while registering its components: "
                    + e + (e instanceof NoClassDefFoundError ? "; is a class or jar missing from the class path?" : ""), e);
        }
    }

    /** Ids of the plugins, sorted. */
    public List<String> plugins() {
        return plugins;
    }

    /** Every entry of a kind, sorted by id. */
    public List<Entry> entries(Kind kind) {
        return List.copyOf(entries.get(kind).values());
    }

    /** The ids of a kind, sorted. */
    public List<String> ids(Kind kind) {
        return List.copyOf(entries.get(kind).keySet());
    }

    public Entry entry(Kind kind, String id) {
        return entries.get(kind).get(id);
    }

    public LayerFactory layer(String id) {
        return factory(Kind.LAYER, id, LayerFactory.class);
    }

    public LossFactory loss(String id) {
        return factory(Kind.LOSS, id, LossFactory.class);
    }

    public OptimizerFactory optimizer(String id) {
        return factory(Kind.OPTIMIZER, id, OptimizerFactory.class);
    }

    public InitializerFactory initializer(String id) {
        return factory(Kind.INITIALIZER, id, InitializerFactory.class);
    }

    public ScheduleFactory schedule(String id) {
        return factory(Kind.SCHEDULE, id, ScheduleFactory.class);
    }

    private <T> T factory(Kind kind, String id, Class<T> type) {
        Entry e = entries.get(kind).get(id);
        return e == null ? null : type.cast(e.factory());
    }

    static String origin(Object plugin) {
        CodeSource cs = plugin.getClass().getProtectionDomain().getCodeSource();
        URL url = cs == null ? null : cs.getLocation();
        return url == null ? "(unknown location)" : url.toString();
    }

    /** Checks and stores one plugin's registrations. */
    private static final class Collector implements Registrar {
        private final Plugin plugin;
        private final Map<Kind, Map<String, Entry>> all;

        Collector(Plugin plugin, Map<Kind, Map<String, Entry>> all) {
            this.plugin = plugin;
            this.all = all;
        }

        private void add(Kind kind, String id, Object factory) {
            if (id == null || !ID.matcher(id).matches()) {
                throw new PluginException("plugin '" + plugin.id() + "' (" + origin(plugin) + ") registers the "
                        + kind.noun() + " id '" + id + "'; ids are lower-case names like conv2d or max_pool2d");
            }
            if (factory == null) {
                throw new PluginException("plugin '" + plugin.id() + "' registers " + kind.noun() + " '" + id + "' without a factory");
            }
            Entry previous = all.get(kind).get(id);
            if (previous != null) {
                throw new PluginException("the " + kind.noun() + " id '" + id + "' is registered twice: by plugin '"
                        + previous.plugin() + "' (" + previous.origin() + ") and by plugin '" + plugin.id() + "' ("
                        + origin(plugin) + ")");
            }
            all.get(kind).put(id, new Entry(kind, id, factory, plugin.id(), origin(plugin)));
        }

        @Override
        public void layer(String id, LayerFactory factory) {
            add(Kind.LAYER, id, factory);
        }

        @Override
        public void loss(String id, LossFactory factory) {
            add(Kind.LOSS, id, factory);
        }

        @Override
        public void optimizer(String id, OptimizerFactory factory) {
            add(Kind.OPTIMIZER, id, factory);
        }

        @Override
        public void initializer(String id, InitializerFactory factory) {
            add(Kind.INITIALIZER, id, factory);
        }

        @Override
        public void schedule(String id, ScheduleFactory factory) {
            add(Kind.SCHEDULE, id, factory);
        }
    }
}
