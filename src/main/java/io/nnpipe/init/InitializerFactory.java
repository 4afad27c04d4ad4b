package io.nnpipe.init;

import io.nnpipe.config.Params;

/** Reads one initializer type's settings (e.g. {@code std} of {@code normal}). */
public interface InitializerFactory {

    /** Reads and checks the keys other than {@code init}; problems go to {@code params}. */
    Initializer read(Params params);
}
