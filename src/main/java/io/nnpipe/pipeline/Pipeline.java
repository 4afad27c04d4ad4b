package io.nnpipe.pipeline;

import io.nnpipe.config.Problem;
import io.nnpipe.data.Dataset;
import io.nnpipe.data.PixelTransform;
import io.nnpipe.loss.Loss;
import io.nnpipe.model.Network;
import io.nnpipe.optim.OptimizerSpec;
import io.nnpipe.optim.Schedule;
import io.nnpipe.train.StepSet;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs, read from one config and checked: the network with its initial
 * parameters, the loss, the optimizer, the data and the run settings. {@code resolved} is the
 * config with every default filled in, for the run manifest. {@code inputTransform} is what the
 * data's scaling and normalisation do to every raw input value (both sets alike), so that new
 * samples ({@code predict}) are prepared exactly as the test set was. {@code warnings} are the
 * config's likely mistakes that are not errors ({@link LikelyMistakes}), each message starting with
 * "warning: ".
 */
public record Pipeline(
        String name,
        Settings settings,
        Network network,
        Loss loss,
        OptimizerSpec optimizer,
        Dataset train,
        Dataset test,
        Map<String, Object> resolved,
        PixelTransform inputTransform,
        List<Problem> warnings) {

    /** A pipeline without warnings. */
    public Pipeline(String name, Settings settings, Network network, Loss loss, OptimizerSpec optimizer, Dataset train,
            Dataset test, Map<String, Object> resolved, PixelTransform inputTransform) {
        this(name, settings, network, loss, optimizer, train, test, resolved, inputTransform, List.of());
    }

    /** The run settings. {@code test} may be null. */
    public record Settings(long seed, int epochs, int batchSize, boolean shuffle, double learningRate,
            Schedule schedule, int snapshotEvery, StepSet trace) {
    }
}
