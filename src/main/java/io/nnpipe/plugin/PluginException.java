package io.nnpipe.plugin;

/**
 * A plugin is broken or conflicts with another: blank or repeated ids, invalid registrations, a
 * plugin class that cannot be loaded (missing, or compiled for a newer Java), or a plugin whose
 * {@link Plugin#register} throws. The message names the plugin and the jar it comes from.
 */
public final class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
