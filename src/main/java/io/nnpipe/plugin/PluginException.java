package io.nnpipe.plugin;

/** A plugin is broken or conflicts with another: blank or repeated ids, invalid registrations. */
public final class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }
}
