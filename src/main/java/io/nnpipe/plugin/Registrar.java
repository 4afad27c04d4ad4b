package io.nnpipe.plugin;

import io.nnpipe.init.InitializerFactory;
import io.nnpipe.loss.LossFactory;
import io.nnpipe.optim.OptimizerFactory;
import io.nnpipe.optim.ScheduleFactory;

/**
 * Receives a plugin's components while the registry is built. Ids are short lower-case names
 * ({@code [a-z][a-z0-9_]*}) that configs use in their {@code type} keys; an id may be registered
 * once per kind across all plugins.
 */
public interface Registrar {

    void layer(String id, LayerFactory factory);

    void loss(String id, LossFactory factory);

    void optimizer(String id, OptimizerFactory factory);

    void initializer(String id, InitializerFactory factory);

    void schedule(String id, ScheduleFactory factory);
}
