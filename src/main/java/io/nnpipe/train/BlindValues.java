package io.nnpipe.train;

import io.nnpipe.model.Network;
import io.nnpipe.optim.Optimizer;
import io.nnpipe.tensor.Parameter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Warns, after an epoch, about parameter values that their gradients can no longer move
 * ({@link Optimizer#gradientBlind}): an adaptive optimizer whose running average of squared
 * gradients overflowed to infinity divides every later step by it, so the value stays where it is
 * for the rest of the run, loss and exit code unaffected (QA's eighth pass: Adam on an input of
 * 2e155 froze a weight without a word; PyTorch does the same, silently). One warning per parameter,
 * again only when more of its values go blind. The check reads each parameter's optimizer state
 * once per epoch; nothing per step.
 */
public final class BlindValues implements TrainListener {
    private final Optimizer optimizer;
    private final Consumer<String> warn;
    /** Per parameter, how many blind values were last warned about. */
    private final Map<Parameter, Integer> warned = new HashMap<>();

    /** Watches {@code optimizer}'s state; warnings go to {@code warn}. */
    public BlindValues(Optimizer optimizer, Consumer<String> warn) {
        this.optimizer = optimizer;
        this.warn = warn;
    }

    @Override
    public void epochEnded(EpochRecord record, Network network) {
        for (int i = 0; i < network.size(); i++) {
            List<Parameter> ps = network.parameters(i);
            for (Parameter p : ps) {
                int n = optimizer.gradientBlind(p);
                if (n > warned.getOrDefault(p, 0)) {
                    warned.put(p, n);
                    warn.accept("after epoch " + record.epoch() + ", " + n + " of the " + p.size() + " values of "
                            + p.name() + " in layer '" + network.layers().get(i).name() + "' no longer move: the"
                            + " optimizer's running average of their squared gradients overflowed to Infinity (gradients"
                            + " of the order of 1e155 or more), and every later step divides by its root (PyTorch alike). Scale"
                            + " the inputs down, or set the optimizer's clip_grad_norm or clip_grad_value");
                }
            }
        }
    }
}
