package io.nnpipe.plugin;

/** The kinds of components a plugin can register; each kind has its own id space. */
public enum Kind {
    LAYER("layer", "layers"),
    LOSS("loss", "losses"),
    OPTIMIZER("optimizer", "optimizers"),
    INITIALIZER("initializer", "initializers"),
    SCHEDULE("learning-rate schedule", "learning-rate schedules");

    private final String noun;
    private final String plural;

    Kind(String noun, String plural) {
        this.noun = noun;
        this.plural = plural;
    }

    /** The word used in messages, e.g. {@code layer}. */
    public String noun() {
        return noun;
    }

    /** The plural, e.g. {@code losses} (not "loss" + "s"). */
    public String plural() {
        return plural;
    }
}
