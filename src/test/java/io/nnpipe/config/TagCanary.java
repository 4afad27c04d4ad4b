package io.nnpipe.config;

/**
 * A class a hostile config names in a tag ({@code !!io.nnpipe.config.TagCanary}). If anything ever
 * initialised it, its static initialiser would leave a system property behind, which
 * {@link YamlLoaderTest} checks is absent.
 */
public final class TagCanary {
    static {
        System.setProperty("nnpipe.tagCanary", "initialised");
    }

    public TagCanary() {
        System.setProperty("nnpipe.tagCanary", "constructed");
    }
}
