package io.nnpipe.pipeline;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Node;
import io.nnpipe.config.Overrides;
import io.nnpipe.config.Params;
import io.nnpipe.config.YamlLoader;
import io.nnpipe.data.ClassTargets;
import io.nnpipe.data.DataReader;
import io.nnpipe.data.DataSource;
import io.nnpipe.data.Dataset;
import io.nnpipe.layer.BatchNorm;
import io.nnpipe.layer.Layer;
import io.nnpipe.loss.Loss;
import io.nnpipe.model.Network;
import io.nnpipe.model.SeedDocumentRules;
import io.nnpipe.optim.OptimizerSpec;
import io.nnpipe.optim.Schedule;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Shape;
import io.nnpipe.train.StepSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a config file (with {@code --set} overrides) into a checked {@link Pipeline}. Every key
 * is read, every layer is built for its input shape, the data are checked against the network,
 * and all problems are reported together in one {@link io.nnpipe.config.ConfigException}.
 */
public final class PipelineReader {
    private final Registry registry;
    private final long memoryLimit;
    private final boolean withData;

    public PipelineReader(Registry registry) {
        this(registry, Runtime.getRuntime().maxMemory());
    }

    /** A reader that refuses networks needing more than {@code memoryLimit} bytes (see {@link MemoryBudget}). */
    public PipelineReader(Registry registry, long memoryLimit) {
        this(registry, memoryLimit, true);
    }

    private PipelineReader(Registry registry, long memoryLimit, boolean withData) {
        this.registry = registry;
        this.memoryLimit = memoryLimit;
        this.withData = withData;
    }

    /**
     * This reader for a network run on other samples ({@code predict}): data files are read only
     * when needed ({@link DataReader#read(Params, DataSource.Target, long, boolean)}); the
     * pipeline's sets are then null where not read.
     */
    public PipelineReader withoutData() {
        return new PipelineReader(registry, memoryLimit, false);
    }

    /** Reads the file, applies the overrides ({@code path=value}) and checks everything. */
    public Pipeline read(Path file, List<String> sets) {
        Node root = YamlLoader.load(file);
        Diagnostics d = new Diagnostics();
        List<Overrides.Override> parsed = new ArrayList<>();
        for (String s : sets) {
            Overrides.Override o = Overrides.parse(s, d);
            if (o != null) {
                parsed.add(o);
            }
        }
        root = Overrides.apply(root, parsed, d);
        String name = file.getFileName().toString().replaceFirst("(?i)\\.ya?ml$", "");
        Path dir = file.getParent();
        return read(root, name, dir == null ? Path.of("") : dir, d);
    }

    /** Reads a parsed config tree named {@code name}; problems are added to {@code d}. */
    public Pipeline read(Node root, String name, Diagnostics d) {
        return read(root, name, null, d);
    }

    /**
     * Reads a parsed config tree named {@code name} whose data file paths are relative to
     * {@code baseDir} (the config file's directory; null: the current directory).
     */
    public Pipeline read(Node root, String name, Path baseDir, Diagnostics d) {
        if (!(root instanceof Node.MapNode)) {
            d.error(root, "expected a config: a mapping with 'layers', 'data', 'loss', 'optimizer' and 'epochs', found "
                    + root.describe());
            d.throwIfErrors();
        }
        Params top = Params.of(root, d, "a config");
        top.string("description", null);
        long seed = top.longValue("seed", 0);
        int epochs = top.integer("epochs", 1, 100_000_000);
        int batchSize = top.integer("batch_size", 1, 1, 1 << 20);
        boolean shuffle = top.bool("shuffle", false);

        NetworkBuilder builder = new NetworkBuilder(registry, d);
        List<Object> layersResolved = new ArrayList<>();
        Node layersNode = top.raw("layers");
        List<NetworkBuilder.Entry> entries = layersNode == null ? List.of() : builder.read(layersNode, layersResolved);
        if (layersNode == null) {
            top.missing("layers", "the list of layers, each a mapping with 'type'");
        }
        top.resolve("layers", layersResolved);

        Params data = top.requiredChild("data", "a mapping with 'input_shape' and 'train'");
        int[] shapeDims = data.intList("input_shape", 1, 1 << 24);
        if (!data.has("input_shape")) {
            data.missing("input_shape", "[channels, height, width] or [features]");
        } else if (shapeDims != null && shapeDims.length != 1 && shapeDims.length != 3) {
            data.error("input_shape", "expected [channels, height, width] or [features], found " + shapeDims.length
                    + " dimensions");
            shapeDims = null;
        } else if (shapeDims != null && MemoryBudget.tooLarge(shapeDims) != null) {
            data.error("input_shape", MemoryBudget.tooLarge(shapeDims));
            shapeDims = null;
        }
        int classes = data.integer("classes", 0, 0, 1 << 24);

        ComponentReader components = new ComponentReader(registry);
        Loss loss = components.loss(top);
        Params opt = top.requiredChild("optimizer", "a mapping with 'type' and 'learning_rate'");
        OptimizerSpec optimizer = components.optimizer(opt);
        double lr = opt.number("learning_rate", Math.ulp(0.0), 1e6);
        Schedule schedule = components.schedule(opt);
        if (optimizer != null) {
            opt.finish();
        } else {
            opt.foldTypo("learning_rate"); // the other keys belong to an optimizer not known: not judged
        }

        Params rulesParams = top.child("seed_document_rules");
        SeedDocumentRules rules = new SeedDocumentRules(rulesParams.bool("diagonal_softmax", false),
                rulesParams.bool("softmax_factor_at_features", false));
        rulesParams.finish();

        Params out = top.child("output");
        int snapshotEvery = out.integer("snapshot_every", 1, 1, Integer.MAX_VALUE);
        StepSet trace = readTrace(out);
        out.finish();

        Network network = null;
        if (shapeDims != null && !entries.isEmpty()) {
            Shape input = Shape.of(shapeDims);
            MemoryBudget budget = new MemoryBudget(memoryLimit);
            NetworkBuilder.Built built = builder.build(entries, input, seed, budget);
            List<Layer> layers = built.layers();
            MemoryBudget.Refusal refusal = built.complete()
                    ? budget.checkActivations(input, layers, batchFor(batchSize, data.raw("train"))) : null;
            if (refusal != null) {
                if (refusal.layer() < 0) {
                    data.error("input_shape", refusal.message());
                } else {
                    builder.params(refusal.layer()).error("layer '" + builder.name(refusal.layer()) + "': " + refusal.message());
                }
            } else if (built.complete()) {
                network = new Network(input, layers);
                String problem = rules.check(layers);
                if (problem != null) {
                    rulesParams.error(problem);
                }
                Layer last = layers.get(layers.size() - 1);
                String lossProblem = loss == null ? null : loss.checkLastLayer(last);
                if (lossProblem != null) {
                    top.error("loss", lossProblem + " (the last layer is " + builder.where(layers.size() - 1) + ")");
                }
                if (problem == null) {
                    network = rules.apply(network); // apply() requires check() to have passed
                }
            }
        }

        Shape sampleShape = network != null ? network.inputShape() : shapeDims != null ? Shape.of(shapeDims) : null;
        DataSource.Target target = null;
        if (sampleShape != null) {
            // without a network the targets' width is unknown (-1): the inputs are still checked
            int width = network != null ? network.outputShape().size() : -1;
            if (network != null && classes > 0 && classes != width && classes != ClassTargets.count(width)) {
                data.error("classes", "expected the network's number of outputs, " + width + " (from the last layer, "
                        + builder.where(network.size() - 1) + (width == 1 ? "; or 2: one output classifies 0 and 1" : "")
                        + "), found " + classes);
            }
            target = new DataSource.Target(sampleShape, width, baseDir, null);
        }
        DataReader.Sets sets = DataReader.read(data, target, seed, withData);
        Dataset train = sets == null ? null : sets.train();
        Dataset test = sets == null ? null : sets.test();
        String batchProblem = network == null || train == null ? null
                : BatchNorm.checkTrainingBatches(network.layers(), train.size(), batchSize);
        if (batchProblem != null) {
            top.error("batch_size", batchProblem);
        }
        data.finish();
        top.finish();
        d.throwIfErrors();
        if (network == null || loss == null || optimizer == null || (withData ? train == null : sets == null)) {
            // every path that leaves one of these out must have reported why; reaching here is a bug
            throw new IllegalStateException("the config has no reported problem, yet its "
                    + (network == null ? "network" : loss == null ? "loss" : optimizer == null ? "optimizer" : "data")
                    + " could not be read");
        }
        Pipeline.Settings settings = new Pipeline.Settings(seed, epochs, batchSize, shuffle, lr, schedule,
                snapshotEvery, trace);
        return new Pipeline(name, settings, network, loss, optimizer, train, test, top.resolved(), sets.transform());
    }

    /** The largest batch a run will use: the batch size, or fewer when there are fewer samples. */
    private static int batchFor(int batchSize, Node trainNode) {
        return trainNode instanceof Node.ListNode l && !l.items().isEmpty() ? Math.min(batchSize, l.items().size()) : batchSize;
    }

    private static StepSet readTrace(Params out) {
        Node n = out.raw("trace");
        if (n == null || n instanceof Node.Scalar s && s.kind() == Node.Kind.NULL) {
            out.resolve("trace", "none");
            return StepSet.NONE;
        }
        String text;
        if (n instanceof Node.ListNode l) {
            List<String> parts = new ArrayList<>();
            for (Node item : l.items()) {
                try {
                    if (!(item instanceof Node.Scalar s) || s.text().isBlank()) {
                        throw new IllegalArgumentException("expected a step number or a range such as \"10-20\", found "
                                + item.describe());
                    }
                    StepSet.parse(s.text());
                    parts.add(s.text());
                } catch (IllegalArgumentException e) {
                    out.diagnostics().error(item, e.getMessage());
                }
            }
            if (parts.size() < l.items().size()) {
                return StepSet.NONE;
            }
            text = String.join(",", parts);
        } else if (n instanceof Node.Scalar s) {
            text = s.text();
        } else {
            out.error("trace", "expected step numbers such as [1, 5] or \"10-20\", found " + n.describe());
            return StepSet.NONE;
        }
        try {
            StepSet set = StepSet.parse(text);
            out.resolve("trace", set.toString());
            return set;
        } catch (IllegalArgumentException e) {
            out.error("trace", e.getMessage());
            return StepSet.NONE;
        }
    }
}
