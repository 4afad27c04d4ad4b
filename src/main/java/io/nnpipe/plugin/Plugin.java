package io.nnpipe.plugin;

/**
 * The service-provider interface through which components reach the registry. A plugin is found
 * by {@link java.util.ServiceLoader}: a jar lists its implementation in
 * {@code META-INF/services/io.nnpipe.plugin.Plugin}. The built-in components register through
 * this same interface ({@code io.nnpipe.builtin.BuiltinPlugin}).
 */
public interface Plugin {

    /** A short, unique, non-blank id for this plugin, shown by {@code --list-plugins}. */
    String id();

    /** Registers this plugin's components; called once while the registry is built. */
    void register(Registrar registrar);
}
