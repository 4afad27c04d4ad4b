package io.nnpipe.pipeline;

import io.nnpipe.data.DataFile;
import io.nnpipe.data.Dataset;
import io.nnpipe.loss.Loss;
import io.nnpipe.model.Network;
import io.nnpipe.optim.OptimizerSpec;
import io.nnpipe.optim.Schedule;
import io.nnpipe.train.StepSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs, read from one config and checked: the network with its initial
 * parameters, the loss, the optimizer, the data and the run settings. {@code resolved} is the
 * config with every default filled in, for the run manifest.
 */
public record Pipeline(
        String name,
        Settings settings,
        Network network,
        Loss loss,
        OptimizerSpec optimizer,
        Dataset train,
        Dataset test,
        Map<String, Object> resolved) {

    /**
     * Every data file read for this run (the training set's, then the test set's), each once, with
     * its SHA-256: for the run manifest. Empty when all samples are written in the config.
     */
    public List<DataFile> dataFiles() {
        Map<java.nio.file.Path, DataFile> files = new LinkedHashMap<>();
        for (Dataset d : test == null ? List.of(train) : List.of(train, test)) {
            for (DataFile f : d.files()) {
                files.putIfAbsent(f.path(), f);
            }
        }
        return List.copyOf(files.values());
    }

    /** The run settings. {@code test} may be null. */
    public record Settings(long seed, int epochs, int batchSize, boolean shuffle, double learningRate,
            Schedule schedule, int snapshotEvery, StepSet trace) {
    }
}
