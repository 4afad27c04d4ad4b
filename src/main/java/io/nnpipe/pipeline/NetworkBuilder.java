package io.nnpipe.pipeline;

import io.nnpipe.config.Diagnostics;
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
 */
final class NetworkBuilder {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    /** One layer as read: its place in the config, its name and its checked spec. */
    record Entry(Params params, String type, String name, LayerSpec spec) {
    }

    private final Registry registry;
    private final Diagnostics diagnostics;

    NetworkBuilder(Registry registry, Diagnostics diagnostics) {
        this.registry = registry;
        this.diagnostics = diagnostics;
    }

    /** Reads every layer's keys; entries whose type is unknown are left out (after a problem). */
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
            Params p = Params.of(item, diagnostics, "a layer");
            String type = p.string("type");
            int ordinal = typeCounts.merge(type, 1, Integer::sum);
            String name = p.has("name") ? p.string("name", null) : type + "_" + ordinal;
            p.resolve("name", name);
            if (p.has("name") && !NAME.matcher(name).matches()) {
                p.error("name", "expected a name of letters, digits, '_', '.' or '-' starting with a letter, found \""
                        + Messages.clip(name) + "\"");
            } else if (names.containsKey(name)) {
                p.error("name", "duplicate layer name '" + name + "' (also at line " + names.get(name).mark().line() + ")");
            } else {
                names.put(name, item);
            }
            LayerFactory f = type.isEmpty() ? null : registry.layer(type);
            if (f == null) {
                if (!type.isEmpty()) {
                    p.error("type", "unknown layer type '" + type + "'" + Messages.didYouMean(type, registry.ids(Kind.LAYER))
                            + "; known: " + String.join(", ", registry.ids(Kind.LAYER)));
                }
                resolved.add(p.resolved());
                continue;
            }
            LayerSpec spec = f.read(p, registry);
            p.finish();
            resolved.add(p.resolved());
            entries.add(new Entry(p, type, name, spec));
        }
        return entries;
    }

    /** Builds the layers in order; stops at the first layer that cannot be built. */
    List<Layer> build(List<Entry> entries, Shape input, long seed) {
        List<Layer> layers = new ArrayList<>();
        Shape shape = input;
        for (Entry e : entries) {
            int before = diagnostics.count();
            Layer layer = e.spec().build(new Context(e, shape, seed));
            if (layer == null || diagnostics.count() > before) {
                if (diagnostics.count() == before) {
                    e.params().error("layer '" + e.name() + "' cannot take input of shape " + shape);
                }
                return null;
            }
            layers.add(layer);
            shape = layer.outputShape();
        }
        return layers;
    }

    /** The build services for one layer. */
    private final class Context implements LayerContext {
        private final Entry entry;
        private final Shape input;
        private final long seed;

        Context(Entry entry, Shape input, long seed) {
            this.entry = entry;
            this.input = input;
            this.seed = seed;
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
                entry.params().error("layer '" + entry.name() + "' (" + entry.type() + "): " + message);
            } else {
                entry.params().error(key, message);
            }
        }

        @Override
        public Parameter parameter(String paramName, ParamInit init, Shape shape, Fans fans) {
            if (init instanceof ParamInit.Values v) {
                int before = diagnostics.count();
                int[] written = NumericArray.dimsOf(v.node());
                double[] values = NumericArray.read(v.node(), shape.dims(), diagnostics);
                if (values == null) {
                    if (diagnostics.count() > before && written != null && written.length != shape.rank()) {
                        entry.params().error(paramName, paramName + " of layer '" + entry.name() + "' must be nested"
                                + " lists of shape " + bracketed(shape) + ", found nesting depth " + written.length);
                    }
                    return null;
                }
                entry.params().resolve(paramName, io.nnpipe.config.Plain.of(v.node()));
                return new Parameter(paramName, shape, values);
            }
            if (init instanceof ParamInit.Drawn d) {
                double[] values = new double[shape.size()];
                d.initializer().fill(values, fans, Rng.derive(seed, "init/" + entry.name() + "/" + paramName));
                return new Parameter(paramName, shape, values);
            }
            return null;
        }
    }

    private static String bracketed(Shape s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.rank(); i++) {
            b.append('[').append(s.dim(i)).append(']');
        }
        return b.toString();
    }
}
