package io.nnpipe.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the plugins on a class path and turns the ways a plugin jar can fail to load into a
 * {@link PluginException} that names the class and the jar. {@link ServiceLoader} reports a
 * provider class that is missing or not a {@link Plugin} as a {@link ServiceConfigurationError},
 * and a class compiled for a newer Java, or one whose own dependencies are missing, as a bare
 * {@link LinkageError}; both reached the user as "internal error" (exit 70) naming no jar (QA's
 * seventh pass).
 */
final class PluginLoading {
    static final String SERVICE_FILE = "META-INF/services/" + Plugin.class.getName();

    private PluginLoading() {
    }

    /** Every plugin {@code loader} lists, in discovery order. */
    static List<Plugin> load(ClassLoader loader) {
        List<Plugin> found = new ArrayList<>();
        Iterator<Plugin> it = ServiceLoader.load(Plugin.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return found;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                throw new PluginException(describe(e, loader), e);
            }
        }
    }

    /** Says which listed class failed, where it is listed, and what to do about it. */
    static String describe(Throwable e, ClassLoader loader) {
        String listed = listedClass(e, loader);
        String where = listed == null ? "" : " (listed in " + String.join(", ", serviceFiles(loader, listed)) + ")";
        String what = listed == null ? "a plugin" : "the plugin class " + listed + where;
        Throwable root = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
        String hint = root instanceof UnsupportedClassVersionError
                ? "; it was compiled for a newer Java than this one (" + Runtime.version().feature()
                        + "): compile it with 'javac --release 17' or run on a newer Java"
                : root instanceof ServiceConfigurationError || root instanceof NoClassDefFoundError
                        ? "; is a class or jar missing from the class path?" : "";
        return "cannot load " + what + ": " + root + hint;
    }

    /** The listed provider class the error is about, if one of the listed names appears in it. */
    private static String listedClass(Throwable e, ClassLoader loader) {
        String text = String.valueOf(e.getMessage()).replace('/', '.');
        String best = null;
        for (String name : listedNames(loader)) {
            if (text.contains(name) && (best == null || name.length() > best.length())) {
                best = name;
            }
        }
        return best;
    }

    private static List<String> listedNames(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        for (URL url : serviceUrls(loader)) {
            names.addAll(read(url));
        }
        return names;
    }

    private static List<String> serviceFiles(ClassLoader loader, String className) {
        List<String> files = new ArrayList<>();
        for (URL url : serviceUrls(loader)) {
            if (read(url).contains(className)) {
                files.add(url.toString());
            }
        }
        return files;
    }

    private static List<URL> serviceUrls(ClassLoader loader) {
        try {
            return Collections.list(loader.getResources(SERVICE_FILE));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The class names in a service file (comments after '#' and blank lines dropped). */
    private static List<String> read(URL url) {
        List<String> names = new ArrayList<>();
        try (InputStream in = url.openStream()) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.replaceAll("#.*", "").strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            return names;
        }
        return names;
    }
}
