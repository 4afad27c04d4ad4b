package io.nnpipe.pipeline;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Mark;
import io.nnpipe.config.Messages;
import io.nnpipe.config.Node;
import io.nnpipe.config.NumericArray;
import io.nnpipe.config.Params;
import io.nnpipe.init.Fans;
import io.nnpipe.init.ParamInit;
import io.nnpipe.layer.Layer;
import io.nnpipe.plugin.Kind;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerFactory;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Rng;
import io.nnpipe.tensor.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the {@code layers} list through the registry and builds the layers one after another,
 * each for the output shape of the one before, so that shape errors point at the layer that
 * cannot take its input.
 *
 * <p>To report every problem once and nothing twice: building goes as far as shapes are known. It
 * stops before the first layer whose own keys are wrong (its output shape is unknown, so anything
 * said about later layers could be a consequence), and after the first layer that cannot take its
 * input. Explicit parameter values that do not fit are reported element by element, but the layer
 * still counts as built (with zeros), because its output shape does not depend on them. Every
 * parameter's size is checked against the memory budget before it is allocated.
 */
final class NetworkBuilder {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    /** One layer as read: its place in the config, its name, its spec (null if its type is unknown), and whether its keys were all right. */
    record Entry(Params params, String type, String name, LayerSpec spec, boolean clean) {
    }

    /** The layers built, in order; {@code complete} when every layer of the config was built. */
    record Built(List<Layer> layers, boolean complete) {
    }

    private final Registry registry;
    private final Diagnostics diagnostics;
    private final List<Entry> built = new ArrayList<>();

    NetworkBuilder(Registry registry, Diagnostics diagnostics) {
        this.registry = registry;
        this.diagnostics = diagnostics;
    }

    /** Reads every layer's keys; every entry is returned, in order (see {@link Entry#clean}). */
    List<Entry> read(Node layersNode, List<Object> resolved) {
        List<Entry> entries = new ArrayList<>();
        if (!(layersNode instanceof Node.ListNode list) || list.items().isEmpty()) {
            diagnostics.error(layersNode, "expected a non-empty list of layers (each a mapping with 'type'), found "
                    + layersNode.describe());
            return entries;
        }
        Map<String, Integer> typeCounts = new HashMap<>();
        Map<String, Node> names = new HashMap<>();
        for (Node item : list.items()) {
            int before = diagnostics.count();
            Params p = Params.of(item, diagnostics, "a layer (a mapping with 'type' and the layer's settings)");
            String type = p.id("type", "the layer type: one of " + String.join(", ", registry.ids(Kind.LAYER)));
            String name = name(p, type, typeCounts, names, item);
            LayerFactory f = type.isEmpty() ? null : registry.layer(type);
            LayerSpec spec = null;
            if (f == null) {
                if (!type.isEmpty()) {
                    p.error("type", Messages.unknown("layer type", type, registry.ids(Kind.LAYER)));
                }
            } else {
                spec = f.read(p, registry);
                p.finish();
            }
            resolved.add(p.resolved());
            entries.add(new Entry(p, type, name, spec, spec != null && diagnostics.count() == before));
        }
        return entries;
    }

    private String name(Params p, String type, Map<String, Integer> typeCounts, Map<String, Node> names, Node item) {
        int ordinal = typeCounts.merge(type, 1, Integer::sum);
        String given = p.has("name") ? p.string("name", null) : null; // null also after a wrong kind (reported)
        String name = given != null ? given : type + "_" + ordinal;
        p.resolve("name", name);
        if (given != null && !NAME.matcher(name).matches()) {
            p.error("name", "expected a name of ASCII letters, digits, '_', '.' or '-' starting with a letter, found \""
                    + Messages.clip(name) + "\"");
        } else if (names.containsKey(name)) {
            Node other = names.get(name);
            Mark first = other.mark();
            String where = "line " + first.line()
                    + (first.line() == item.mark().line() ? ", column " + first.column() : "");
            // an automatic name (type_k) is nowhere in the file: say so, or the message points at nothing
            boolean otherAuto = !(other instanceof Node.MapNode m) || m.get("name") == null;
            p.error("name", given == null
                    ? "this layer's automatic name '" + name + "' (its type and number) is already the name of the"
                        + " layer at " + where + "; give one of them another 'name'"
                    : "duplicate layer name '" + Messages.clip(name) + "' (also at " + where
                        + (otherAuto ? ", where it is that layer's automatic name: its type and number" : "") + ")");
        } else {
            names.put(name, item);
        }
        return name;
    }

    /**
     * Builds the layers in order for samples of shape {@code input}, as far as shapes are known
     * (see the class comment); parameters are checked against {@code budget} before allocation.
     */
    Built build(List<Entry> entries, Shape input, long seed, MemoryBudget budget) {
        List<Layer> layers = new ArrayList<>();
        Shape shape = input;
        for (Entry e : entries) {
            if (!e.clean()) {
                return new Built(layers, false);
            }
            int before = diagnostics.count();
            Context ctx = new Context(e, shape, seed, budget);
            Layer layer;
            Shape out;
            try {
                layer = e.spec().build(ctx);
                out = layer == null ? null : layer.outputShape();
            } catch (IllegalArgumentException ex) {
                // e.g. Shape.of refusing a shape of more than 2^31 - 1 values: the layer's sizes are absurd
                e.params().error("layer '" + e.name() + "' cannot be built for input " + shape + ": " + ex.getMessage());
                return new Built(layers, false);
            }
            if (layer == null || ctx.stop) {
                if (diagnostics.count() == before) {
                    e.params().error("layer '" + e.name() + "' cannot take input of shape " + shape);
                }
                return new Built(layers, false);
            }
            layers.add(layer);
            built.add(e);
            shape = out;
        }
        return new Built(layers, true);
    }

    /** Where the i-th built layer is written: {@code layer 'dense_1' (dense, line 18)}. */
    String where(int i) {
        Entry e = built.get(i);
        Mark m = e.params().node().mark();
        return "layer '" + e.name() + "' (" + e.type() + (m.line() > 0 ? ", line " + m.line() : "") + ")";
    }

    /** The name of the i-th built layer. */
    String name(int i) {
        return built.get(i).name();
    }

    /** The config mapping of the i-th built layer. */
    Params params(int i) {
        return built.get(i).params();
    }

    /** The build services for one layer. */
    private final class Context implements LayerContext {
        private final Entry entry;
        private final Shape input;
        private final long seed;
        private final MemoryBudget budget;
        private boolean stop;

        Context(Entry entry, Shape input, long seed, MemoryBudget budget) {
            this.entry = entry;
            this.input = input;
            this.seed = seed;
            this.budget = budget;
        }

        @Override
        public String name() {
            return entry.name();
        }

        @Override
        public Shape input() {
            return input;
        }

        @Override
        public long seed() {
            return seed;
        }

        @Override
        public void error(String key, String message) {
            if (key == null) {
                entry.params().error("layer '" + entry.name() + "': " + message);
            } else {
                entry.params().error(key, message);
            }
        }

        @Override
        public Parameter parameter(String paramName, ParamInit init, Shape shape, Fans fans) {
            if (stop) {
                return null; // this layer was already refused: one message per layer
            }
            String refusal = budget.reserveParameter(shape.size());
            if (refusal != null) {
                entry.params().error("layer '" + entry.name() + "': its " + paramName + " of shape " + shape + " " + refusal);
                stop = true;
                return null;
            }
            if (init instanceof ParamInit.Values v) {
                double[] values = explicitValues(paramName, v.node(), shape);
                return new Parameter(paramName, shape, values == null ? new double[shape.size()] : values);
            }
            if (init instanceof ParamInit.Drawn d) {
                double[] values = new double[shape.size()];
                d.initializer().fill(values, fans, Rng.derive(seed, "init/" + entry.name() + "/" + paramName));
                return new Parameter(paramName, shape, values);
            }
            return null;
        }

        /** The explicit values if they have exactly the shape; otherwise every mismatch is reported and null returned. */
        private double[] explicitValues(String paramName, Node node, Shape shape) {
            int[] written = NumericArray.dimsOf(node);
            if (written != null && written.length != shape.rank()) {
                diagnostics.error(node, "expected " + paramName + " as lists nested " + shape.rank() + " deep, of shape "
                        + bracketed(shape.dims()) + ", found " + nesting(written));
                return null;
            }
            double[] values = NumericArray.read(node, shape.dims(), diagnostics);
            if (values != null) {
                entry.params().resolve(paramName, io.nnpipe.config.Plain.of(node));
            }
            return values;
        }
    }

    private static String nesting(int[] written) {
        if (written.length == 1) {
            return "a flat list of " + written[0];
        }
        return "lists nested " + written.length + " deep (" + bracketed(written) + ")";
    }

    private static String bracketed(int[] dims) {
        StringBuilder b = new StringBuilder();
        for (int d : dims) {
            b.append('[').append(d).append(']');
        }
        return b.toString();
    }
}
