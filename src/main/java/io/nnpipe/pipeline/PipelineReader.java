package io.nnpipe.pipeline;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Node;
import io.nnpipe.config.Overrides;
import io.nnpipe.config.Params;
import io.nnpipe.config.Problem;
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
import io.nnpipe.optim.GradientClipping;
import io.nnpipe.optim.OptimizerSpec;
import io.nnpipe.optim.Schedule;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Shape;
import io.nnpipe.train.StepSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
        // The order of the steps is the order keys are read in: it fixes the order of the resolved
        // config (whose SHA-256 identifies a run for --resume and verify) and of the problems reported.
        requireMapping(root, d);
        Params top = Params.of(root, d, "a config");
        Head head = readHead(top);
        Layers layers = readLayers(top, d);
        Params data = top.requiredChild("data", "a mapping with 'input_shape' and 'train'");
        DataShape shape = readDataShape(data);
        Training training = readTraining(top);
        Rules rules = readRules(top);
        Output output = readOutput(top);
        Sections sections = new Sections(top, data, rules, layers);
        Network network = shape.dims() == null || layers.entries().isEmpty() ? null
                : buildNetwork(sections, Shape.of(shape.dims()), head, training.loss());
        DataReader.Sets sets = DataReader.read(data, target(sections, network, shape, baseDir), head.seed(), withData);
        checkBatches(top, network, sets, head.batchSize());
        data.finish();
        top.finish();
        d.throwIfErrors();
        requireComplete(network, training, sets);
        Pipeline.Settings settings = new Pipeline.Settings(head.seed(), head.epochs(), head.batchSize(), head.shuffle(),
                training.learningRate(), training.schedule(), output.snapshotEvery(), output.trace());
        return new Pipeline(name, settings, network, training.loss(), training.optimizer(), sets.train(), sets.test(),
                top.resolved(), sets.transform(), Stream.concat(LikelyMistakes.find(network.layers(), layers.builder())
                        .stream(), Stream.concat(training.warnings().stream(), sets.warnings().stream())).toList());
    }

    /** The top-level settings, read first. */
    private record Head(long seed, int epochs, int batchSize, boolean shuffle) {
    }

    /** The layers as read (keys checked, not built yet) and the builder that read them. */
    private record Layers(NetworkBuilder builder, List<NetworkBuilder.Entry> entries) {
    }

    /** {@code data.input_shape} (null when missing or wrong) and {@code data.classes} (0: not given). */
    private record DataShape(int[] dims, int classes) {
    }

    /** The loss and the {@code optimizer} section; null where it could not be read (reported). */
    private record Training(Loss loss, OptimizerSpec optimizer, double learningRate, Schedule schedule,
            List<Problem> warnings) {
    }

    /** The seed document's rules and their section, where problems found when building are reported. */
    private record Rules(SeedDocumentRules rules, Params params) {
    }

    /** The {@code output} section. */
    private record Output(int snapshotEvery, StepSet trace) {
    }

    /** The sections a problem found after reading may be reported at. */
    private record Sections(Params top, Params data, Rules rules, Layers layers) {
    }

    private static void requireMapping(Node root, Diagnostics d) {
        if (!(root instanceof Node.MapNode)) {
            d.error(root, "expected a config: a mapping with 'layers', 'data', 'loss', 'optimizer' and 'epochs', found "
                    + root.describe());
            d.throwIfErrors();
        }
    }

    private static Head readHead(Params top) {
        top.string("description", null);
        long seed = top.longValue("seed", 0);
        int epochs = top.integer("epochs", 1, 100_000_000);
        int batchSize = top.integer("batch_size", 1, 1, 1 << 20);
        return new Head(seed, epochs, batchSize, top.bool("shuffle", false));
    }

    private Layers readLayers(Params top, Diagnostics d) {
        NetworkBuilder builder = new NetworkBuilder(registry, d);
        List<Object> layersResolved = new ArrayList<>();
        Node layersNode = top.raw("layers");
        List<NetworkBuilder.Entry> entries = layersNode == null ? List.of() : builder.read(layersNode, layersResolved);
        if (layersNode == null) {
            top.missing("layers", "the list of layers, each a mapping with 'type'");
        }
        top.resolve("layers", layersResolved);
        return new Layers(builder, entries);
    }

    private static DataShape readDataShape(Params data) {
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
        return new DataShape(shapeDims, data.integer("classes", 0, 0, 1 << 24));
    }

    private Training readTraining(Params top) {
        ComponentReader components = new ComponentReader(registry);
        Loss loss = components.loss(top);
        Params opt = top.requiredChild("optimizer", "a mapping with 'type' and 'learning_rate'");
        OptimizerSpec optimizer = components.optimizer(opt);
        double lr = opt.number("learning_rate", Math.ulp(0.0), 1e6);
        Schedule schedule = components.schedule(opt);
        optimizer = GradientClipping.read(opt).wrap(optimizer);
        if (optimizer != null) {
            opt.finish();
        } else {
            opt.foldTypo("learning_rate"); // the other keys belong to an optimizer not known: not judged
        }
        return new Training(loss, optimizer, lr, schedule, LikelyMistakes.decay(opt, optimizer, lr));
    }

    private static Rules readRules(Params top) {
        Params rulesParams = top.child("seed_document_rules");
        SeedDocumentRules rules = new SeedDocumentRules(rulesParams.bool("diagonal_softmax", false),
                rulesParams.bool("softmax_factor_at_features", false));
        rulesParams.finish();
        return new Rules(rules, rulesParams);
    }

    private static Output readOutput(Params top) {
        Params out = top.child("output");
        int snapshotEvery = out.integer("snapshot_every", 1, 1, Integer.MAX_VALUE);
        StepSet trace = readTrace(out);
        out.finish();
        return new Output(snapshotEvery, trace);
    }

    /**
     * Builds the layers for the input shape and checks the whole: memory for a batch, the seed
     * document's rules, the loss against the last layer. Null when a layer could not be built or the
     * network is too large (reported); a network breaking the rules is returned without them applied
     * (reported), so that the data can still be checked against it.
     */
    private Network buildNetwork(Sections s, Shape input, Head head, Loss loss) {
        MemoryBudget budget = new MemoryBudget(memoryLimit);
        NetworkBuilder builder = s.layers().builder();
        NetworkBuilder.Built built = builder.build(s.layers().entries(), input, head.seed(), budget);
        if (!built.complete()) {
            return null;
        }
        List<Layer> layers = built.layers();
        MemoryBudget.Refusal refusal = budget.checkActivations(input, layers, batchFor(head.batchSize(), s.data().raw("train")));
        if (refusal != null) {
            if (refusal.layer() < 0) {
                s.data().error("input_shape", refusal.message());
            } else {
                builder.params(refusal.layer()).error("layer '" + builder.name(refusal.layer()) + "': " + refusal.message());
            }
            return null;
        }
        Network network = new Network(input, layers);
        String problem = s.rules().rules().check(layers);
        if (problem != null) {
            s.rules().params().error(problem);
        }
        String lossProblem = loss == null ? null : loss.checkLastLayer(layers.get(layers.size() - 1));
        if (lossProblem != null) {
            s.top().error("loss", lossProblem + " (the last layer is " + builder.where(layers.size() - 1) + ")");
        }
        return problem == null ? s.rules().rules().apply(network) : network; // apply() requires check() to have passed
    }

    /**
     * What the samples must look like: the network's input shape and output width, with
     * {@code data.classes} checked against the outputs; null without any input shape.
     */
    private static DataSource.Target target(Sections s, Network network, DataShape shape, Path baseDir) {
        Shape sampleShape = network != null ? network.inputShape() : shape.dims() != null ? Shape.of(shape.dims()) : null;
        if (sampleShape == null) {
            return null;
        }
        // without a network the targets' width is unknown (-1): the inputs are still checked
        int width = network != null ? network.outputShape().size() : -1;
        int classes = shape.classes();
        if (network != null && classes > 0 && classes != width && classes != ClassTargets.count(width)) {
            s.data().error("classes", "expected the network's number of outputs, " + width + " (from the last layer, "
                    + s.layers().builder().where(network.size() - 1)
                    + (width == 1 ? "; or 2: one output classifies 0 and 1" : "") + "), found " + classes);
        }
        return new DataSource.Target(sampleShape, width, baseDir, null);
    }

    /** Batch norm needs two samples in every training batch. */
    private static void checkBatches(Params top, Network network, DataReader.Sets sets, int batchSize) {
        Dataset train = sets == null ? null : sets.train();
        String batchProblem = network == null || train == null ? null
                : BatchNorm.checkTrainingBatches(network.layers(), train.size(), batchSize);
        if (batchProblem != null) {
            top.error("batch_size", batchProblem);
        }
    }

    /** Every path that leaves a part out must have reported why; reaching the throw is a bug. */
    private void requireComplete(Network network, Training training, DataReader.Sets sets) {
        Dataset train = sets == null ? null : sets.train();
        if (network == null || training.loss() == null || training.optimizer() == null
                || (withData ? train == null : sets == null)) {
            throw new IllegalStateException("the config has no reported problem, yet its "
                    + (network == null ? "network" : training.loss() == null ? "loss"
                            : training.optimizer() == null ? "optimizer" : "data")
                    + " could not be read");
        }
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
