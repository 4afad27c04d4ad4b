package io.nnpipe.train;

import io.nnpipe.model.Network;
import java.util.List;

/**
 * Receives the events of a training run, in order: {@code started}, then per step {@code step}
 * (and {@code traced} for traced steps, just before it), {@code epochEnded} after each epoch, and
 * {@code finished} after a complete run. The network may be read during a call, never changed.
 */
public interface TrainListener {

    /** Before the first step, with the initial parameters ({@code startEpoch} is 0 for a fresh run). */
    default void started(Network network, int startEpoch) {
    }

    /** After a traced step's update, with every intermediate value of that step. */
    default void traced(int epoch, long step, List<TraceEntry> entries) {
    }

    /** After each step's update. */
    default void step(StepRecord record) {
    }

    /** After each epoch (and its test evaluation), with the parameters as they now are. */
    default void epochEnded(EpochRecord record, Network network) {
    }

    /** After the last epoch. */
    default void finished(Network network) {
    }
}
