package io.nnpipe.plugin;

/** The kinds of components a plugin can register; each kind has its own id space. */
public enum Kind {
    LAYER("layer"),
    LOSS("loss"),
    OPTIMIZER("optimizer"),
    INITIALIZER("initializer"),
    SCHEDULE("learning-rate schedule");

    private final String noun;

    Kind(String noun) {
        this.noun = noun;
    }

    /** The word used in messages, e.g. {@code layer}. */
    public String noun() {
        return noun;
    }
}
