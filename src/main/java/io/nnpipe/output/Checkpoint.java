package io.nnpipe.output;

import io.nnpipe.layer.Layer;
import io.nnpipe.model.Network;
import io.nnpipe.optim.Optimizer;
import io.nnpipe.tensor.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The complete training state after an epoch, for {@code --resume}: every parameter and buffer,
 * the optimizer's state, the cursor (epoch and step; checkpoints are taken at epoch boundaries,
 * so the sample cursor is always the start of the next epoch), how many rows each append-only log
 * held, and what identifies the run (the resolved config and the data files' SHA-256).
 *
 * <p>No random-generator state is stored because none is carried: the trainer derives epoch e's
 * shuffle from (seed, e) and layers derive per-step streams from (seed, name, step), so restoring
 * the cursor restores the randomness. Values are written exactly (hexadecimal floating point), so a
 * resumed run continues from the same bits.
 *
 * @param tensors layer parameters ({@code param}), layer buffers ({@code buffer}) and optimizer
 *     state ({@code optimizer}, owner {@code -}), in network order
 * @param rows data rows (header excluded) of each log file, e.g. {@code loss.csv → 10}
 * @param plugins the plugins the run's config used, with their jars' SHA-256 (empty: only
 *     built-ins); null in a checkpoint written before nnpipe recorded them
 * @param tool the nnpipe build that wrote it; null in a checkpoint written before it was recorded
 */
public record Checkpoint(int epoch, long step, Map<String, Long> rows, String configSha256, String configText,
        List<RunManifest.DataFile> data, List<PluginsUsed.Used> plugins, BuildInfo tool, List<Tensor> tensors) {

    public static final String FILE = RunFolder.CHECKPOINT;

    /** One saved array: kind ({@code param}, {@code buffer}, {@code optimizer}), owner, name, values. */
    public record Tensor(String kind, String owner, String name, double[] values) {
    }

    /** The state of a network and its optimizer now. */
    public static Checkpoint capture(int epoch, long step, Map<String, Long> rows, RunManifest identity, Network net,
            Optimizer optimizer) {
        List<Tensor> tensors = new ArrayList<>();
        for (Layer l : net.layers()) {
            for (Parameter p : l.parameters()) {
                tensors.add(new Tensor("param", l.name(), p.name(), p.value().clone()));
            }
            for (Parameter p : l.buffers()) {
                tensors.add(new Tensor("buffer", l.name(), p.name(), p.value().clone()));
            }
        }
        optimizer.saveState().forEach((name, v) -> tensors.add(new Tensor("optimizer", "-", name, v)));
        return new Checkpoint(epoch, step, Map.copyOf(rows), identity.resolvedSha256(), identity.resolvedText(),
                identity.dataFiles(), identity.plugins(), identity.build(), tensors);
    }

    /**
     * Copies the saved values into a network and optimizer of the same structure.
     *
     * @throws RunFolderException naming the first parameter or state entry that does not fit;
     *     nothing is changed then
     */
    public void restore(Network net, Optimizer optimizer) {
        Map<String, double[]> saved = new LinkedHashMap<>();
        Map<String, double[]> savedState = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            if (t.kind().equals("optimizer")) {
                savedState.put(t.name(), t.values());
            } else {
                saved.put(t.kind() + " " + t.owner() + "/" + t.name(), t.values());
            }
        }
        List<double[]> targets = new ArrayList<>();
        List<double[]> sources = new ArrayList<>();
        for (Layer l : net.layers()) {
            match(l, l.parameters(), "param", saved, targets, sources);
            match(l, l.buffers(), "buffer", saved, targets, sources);
        }
        if (!saved.isEmpty()) {
            throw misfit("it holds " + saved.keySet().iterator().next() + ", which this network does not have");
        }
        Map<String, double[]> current = optimizer.saveState();
        if (!sameShapes(current, savedState)) {
            throw misfit("its optimizer state (" + describe(savedState) + ") does not fit this optimizer ("
                    + describe(current) + ")");
        }
        for (int i = 0; i < targets.size(); i++) {
            System.arraycopy(sources.get(i), 0, targets.get(i), 0, targets.get(i).length);
        }
        optimizer.loadState(savedState);
    }

    private static void match(Layer l, List<Parameter> ps, String kind, Map<String, double[]> saved,
            List<double[]> targets, List<double[]> sources) {
        for (Parameter p : ps) {
            String key = kind + " " + l.name() + "/" + p.name();
            double[] v = saved.remove(key);
            if (v == null) {
                throw misfit("it has no " + key + " (this network has; was a layer added or renamed?)");
            }
            if (v.length != p.size()) {
                throw misfit(key + " has " + v.length + " values there and " + p.size() + " here");
            }
            targets.add(p.value());
            sources.add(v);
        }
    }

    private static boolean sameShapes(Map<String, double[]> a, Map<String, double[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[]> e : a.entrySet()) {
            if (e.getValue().length != b.get(e.getKey()).length) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Map<String, double[]> state) {
        List<String> parts = new ArrayList<>();
        state.forEach((k, v) -> parts.add(k + "[" + v.length + "]"));
        return parts.isEmpty() ? "empty" : String.join(", ", parts);
    }

    private static RunFolderException misfit(String what) {
        return new RunFolderException("the checkpoint does not fit the network this config builds: " + what);
    }

    /** Writes the checkpoint text atomically. */
    public void write(RunFolder folder) {
        AtomicFiles.write(folder.file(FILE), out -> CheckpointText.render(this, out));
    }

    /**
     * Reads the checkpoint of a run folder.
     *
     * @throws RunFolderException when it is missing, unreadable or not a complete checkpoint
     */
    public static Checkpoint read(RunFolder folder) {
        return CheckpointParser.read(folder.file(FILE));
    }
}
