package io.nnpipe.pipeline;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Messages;
import io.nnpipe.config.Node;
import io.nnpipe.config.Overrides;
import io.nnpipe.config.Params;
import io.nnpipe.config.YamlLoader;
import io.nnpipe.data.Dataset;
import io.nnpipe.data.InlineSamples;
import io.nnpipe.layer.Layer;
import io.nnpipe.loss.Loss;
import io.nnpipe.loss.LossFactory;
import io.nnpipe.model.Network;
import io.nnpipe.model.SeedDocumentRules;
import io.nnpipe.optim.OptimizerFactory;
import io.nnpipe.optim.OptimizerSpec;
import io.nnpipe.optim.Schedule;
import io.nnpipe.optim.ScheduleFactory;
import io.nnpipe.plugin.Kind;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Shape;
import io.nnpipe.train.StepSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a config file (with {@code --set} overrides) into a checked {@link Pipeline}. Every key
 * is read, every layer is built for its input shape, the data are checked against the network,
 * and all problems are reported together in one {@link io.nnpipe.config.ConfigException}.
 */
public final class PipelineReader {
    private final Registry registry;

    public PipelineReader(Registry registry) {
        this.registry = registry;
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
        String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return read(root, name, d);
    }

    /** Reads a parsed config tree named {@code name}; problems are added to {@code d}. */
    public Pipeline read(Node root, String name, Diagnostics d) {
        Params top = Params.of(root, d, "a config");
        top.string("description", null);
        long seed = top.longValue("seed", 0);
        int epochs = top.integer("epochs", 1, 100_000_000);
        int batchSize = top.integer("batch_size", 1, 1, 1 << 20);
        boolean shuffle = top.bool("shuffle", false);

        NetworkBuilder builder = new NetworkBuilder(registry, d);
        List<Object> layersResolved = new ArrayList<>();
        int problemsBeforeLayers = d.count();
        Node layersNode = top.raw("layers");
        List<NetworkBuilder.Entry> entries = layersNode == null ? List.of() : builder.read(layersNode, layersResolved);
        if (layersNode == null) {
            top.error("layers", "missing required key 'layers' (the list of stages)");
        }
        top.resolve("layers", layersResolved);
        boolean layersClean = d.count() == problemsBeforeLayers;

        Params data = top.child("data");
        int[] shapeDims = data.intList("input_shape", 1, 1 << 24);
        if (!data.has("input_shape")) {
            data.error("input_shape", "missing required key 'input_shape' ([channels, height, width] or [features])");
        } else if (shapeDims != null && shapeDims.length != 1 && shapeDims.length != 3) {
            data.error("input_shape", "expected [channels, height, width] or [features], found " + shapeDims.length
                    + " dimensions");
            shapeDims = null;
        }
        int classes = data.integer("classes", 0, 0, 1 << 24);

        Loss loss = readLoss(top);
        Params opt = top.child("optimizer");
        OptimizerSpec optimizer = readOptimizer(opt);
        double lr = opt.number("learning_rate", Math.ulp(0.0), 1e6);
        Schedule schedule = readSchedule(opt);
        opt.finish();

        Params rulesParams = top.child("seed_document_rules");
        SeedDocumentRules rules = new SeedDocumentRules(rulesParams.bool("diagonal_softmax", false),
                rulesParams.bool("softmax_factor_at_features", false));
        rulesParams.finish();

        Params out = top.child("output");
        int snapshotEvery = out.integer("snapshot_every", 1, 1, Integer.MAX_VALUE);
        StepSet trace = readTrace(out);
        out.finish();

        Network network = null;
        if (shapeDims != null && layersClean && !entries.isEmpty()) {
            Shape input = Shape.of(shapeDims);
            List<Layer> layers = builder.build(entries, input, seed);
            if (layers != null) {
                network = new Network(input, layers);
                String problem = rules.check(layers);
                if (problem != null) {
                    rulesParams.error(problem);
                }
                Layer last = layers.get(layers.size() - 1);
                String lossProblem = loss == null ? null : loss.checkLastLayer(last);
                if (lossProblem != null) {
                    top.error("loss", lossProblem + " (the last layer is '" + last.name() + "', " + last.type() + ")");
                }
                network = rules.apply(network);
            }
        }

        Dataset train = null;
        Dataset test = null;
        Node trainNode = data.raw("train");
        if (trainNode == null) {
            data.error("train", "missing required key 'train' (the training samples)");
        }
        Node testNode = data.raw("test");
        if (network != null) {
            int width = network.outputShape().size();
            if (classes > 0 && classes != width) {
                data.error("classes", "expected 'classes' to equal the network's " + width + " outputs, found " + classes);
            }
            if (trainNode != null) {
                train = InlineSamples.read(trainNode, network.inputShape(), width, d);
                data.resolve("train", io.nnpipe.config.Plain.of(trainNode));
            }
            if (testNode != null) {
                test = InlineSamples.read(testNode, network.inputShape(), width, d);
                data.resolve("test", io.nnpipe.config.Plain.of(testNode));
            }
        }
        data.finish();
        top.finish();
        d.throwIfErrors();
        Pipeline.Settings settings = new Pipeline.Settings(seed, epochs, batchSize, shuffle, lr, schedule,
                snapshotEvery, trace);
        return new Pipeline(name, settings, network, loss, optimizer, train, test, top.resolved());
    }

    private Loss readLoss(Params top) {
        Node n = top.raw("loss");
        if (n == null) {
            top.error("loss", "missing required key 'loss' (one of " + Messages.oneOf(registry.ids(Kind.LOSS)) + ")");
            return null;
        }
        Params p;
        String id;
        Node idNode;
        if (n instanceof Node.Scalar s && s.kind() == Node.Kind.STRING) {
            p = new Params(new Node.MapNode(n.mark(), n.path(), Map.of()), top.diagnostics());
            id = s.text();
            idNode = n;
        } else {
            p = Params.of(n, top.diagnostics(), "a loss (a name, or a mapping with 'type')");
            id = p.string("type");
            idNode = p.node().get("type");
        }
        LossFactory f = registry.loss(id);
        if (f == null) {
            if (!id.isEmpty()) {
                top.diagnostics().error(idNode == null ? n : idNode, "unknown loss '" + id + "'"
                        + Messages.didYouMean(id, registry.ids(Kind.LOSS)) + "; known: " + String.join(", ", registry.ids(Kind.LOSS)));
            }
            return null;
        }
        Loss loss = f.read(p);
        p.finish();
        p.resolve("type", id);
        top.resolve("loss", p.resolved());
        return loss;
    }

    private OptimizerSpec readOptimizer(Params opt) {
        if (!opt.has("type")) {
            opt.error("type", "missing required key 'type' (one of " + Messages.oneOf(registry.ids(Kind.OPTIMIZER)) + ")");
            return null;
        }
        String id = opt.string("type");
        OptimizerFactory f = registry.optimizer(id);
        if (f == null) {
            opt.error("type", "unknown optimizer '" + id + "'" + Messages.didYouMean(id, registry.ids(Kind.OPTIMIZER))
                    + "; known: " + String.join(", ", registry.ids(Kind.OPTIMIZER)));
            return null;
        }
        return f.read(opt);
    }

    private Schedule readSchedule(Params opt) {
        Node n = opt.raw("schedule");
        if (n == null) {
            opt.resolve("schedule", "constant");
            return Schedule.CONSTANT;
        }
        Params p;
        String id;
        if (n instanceof Node.Scalar s && s.kind() == Node.Kind.STRING) {
            p = new Params(new Node.MapNode(n.mark(), n.path(), Map.of()), opt.diagnostics());
            id = s.text();
        } else {
            p = Params.of(n, opt.diagnostics(), "a schedule (a name, or a mapping with 'type')");
            id = p.string("type");
        }
        ScheduleFactory f = registry.schedule(id);
        if (f == null) {
            opt.error("schedule", "unknown schedule '" + id + "'" + Messages.didYouMean(id, registry.ids(Kind.SCHEDULE))
                    + "; known: " + String.join(", ", registry.ids(Kind.SCHEDULE)));
            return Schedule.CONSTANT;
        }
        Schedule schedule = f.read(p);
        p.finish();
        p.resolve("type", id);
        opt.resolve("schedule", p.resolved());
        return schedule;
    }

    private static StepSet readTrace(Params out) {
        Node n = out.raw("trace");
        if (n == null) {
            out.resolve("trace", "none");
            return StepSet.NONE;
        }
        String text;
        if (n instanceof Node.ListNode l) {
            List<String> parts = new ArrayList<>();
            for (Node item : l.items()) {
                parts.add(item instanceof Node.Scalar s ? s.text() : "?");
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
