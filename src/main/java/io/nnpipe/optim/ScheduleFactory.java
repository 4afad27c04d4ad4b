package io.nnpipe.optim;

import io.nnpipe.config.Params;

/** Reads one schedule type's settings. */
public interface ScheduleFactory {

    /** Reads the keys other than {@code type}; problems go to {@code params}. */
    Schedule read(Params params);
}
