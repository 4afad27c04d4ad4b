package io.nnpipe.cli;

import java.net.URL;
import java.security.CodeSource;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells whether an unexpected exception came from a plugin's code rather than nnpipe's, so that
 * the message names the plugin's jar instead of calling it an internal error of nnpipe: a plugin
 * layer throwing in forward, a factory throwing while its keys are read, a loss, optimizer or
 * schedule failing mid-run, or a class the plugin needs missing (QA's seventh pass: all of them
 * said "internal error" and named no jar).
 *
 * <p>The exception's stack is read innermost frame first, down to {@link Main}: the first frame of
 * a class from a jar that lists a plugin (see {@link #pluginLocations}) blames that jar, also when
 * the exception was thrown by nnpipe code the plugin called (a {@code Parameter} of the wrong size,
 * say): the message then names both methods. JDK frames (in named modules) are passed over.
 */
final class PluginFault {
    private PluginFault() {
    }

    /**
     * "plugin code in JAR failed (Class.method): EXCEPTION", or null when the exception is not
     * a plugin's.
     */
    static String describe(Throwable e, ClassLoader loader) {
        URL own = location(PluginFault.class);
        Set<URL> plugins = pluginLocations(loader);
        plugins.remove(own);
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            StackTraceElement top = null;
            for (StackTraceElement f : t.getStackTrace()) {
                if (f.getClassName().equals(Main.class.getName())) {
                    break; // below Main.run: the caller's frames, not the run's
                }
                if (f.getModuleName() != null) {
                    continue; // the JDK's own classes
                }
                URL at = location(load(f.getClassName(), loader));
                top = top == null ? f : top;
                if (at != null && plugins.contains(at)) {
                    return "plugin code in " + at + " failed (" + name(f) + (top == f ? "" : ", calling " + name(top))
                            + "): " + e + "; this is a defect in that plugin, not in your config or in nnpipe";
                }
            }
        }
        return null;
    }

    private static String name(StackTraceElement f) {
        return f.getClassName() + "." + f.getMethodName();
    }

    /** Where the classes listed in service files for {@code io.nnpipe.plugin.Plugin} come from. */
    static Set<URL> pluginLocations(ClassLoader loader) {
        Set<URL> found = new HashSet<>();
        try {
            for (URL file : java.util.Collections.list(loader.getResources("META-INF/services/io.nnpipe.plugin.Plugin"))) {
                String text = new String(file.openStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                for (String line : text.split("\n")) {
                    String name = line.replaceAll("#.*", "").strip();
                    URL at = name.isEmpty() ? null : location(load(name, loader));
                    if (at != null) {
                        found.add(at);
                    }
                }
            }
        } catch (java.io.IOException e) {
            return found;
        }
        return found;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static URL location(Class<?> c) {
        CodeSource cs = c == null ? null : c.getProtectionDomain().getCodeSource();
        return cs == null ? null : cs.getLocation();
    }
}
