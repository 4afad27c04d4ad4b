package io.nnpipe.testing;

import io.nnpipe.builtin.BuiltinPlugin;
import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Node;
import io.nnpipe.config.NumericArray;
import io.nnpipe.config.Params;
import io.nnpipe.config.YamlLoader;
import io.nnpipe.init.Fans;
import io.nnpipe.init.ParamInit;
import io.nnpipe.layer.Layer;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerFactory;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Rng;
import io.nnpipe.tensor.Shape;
import java.util.List;

/** Builds single layers from YAML snippets for tests, as the pipeline would. */
public final class Layers {
    /** The built-in registry. */
    public static final Registry BUILTIN = Registry.of(List.of(new BuiltinPlugin()));

    private Layers() {
    }

    /**
     * The layer described by a YAML mapping such as {@code "{type: conv2d, out_channels: 2, kernel: 3}"}
     * for inputs of {@code input}; drawn parameters use {@code seed}. Fails on any config problem.
     */
    public static Layer build(String yaml, Shape input, long seed) {
        return build(BUILTIN, yaml, input, seed);
    }

    public static Layer build(Registry registry, String yaml, Shape input, long seed) {
        Diagnostics d = new Diagnostics();
        Params p = Params.of(YamlLoader.parse("test", yaml), d, "a layer");
        String type = p.string("type");
        LayerFactory f = registry.layer(type);
        if (f == null) {
            throw new AssertionError("unknown layer type " + type);
        }
        var spec = f.read(p, registry);
        p.finish();
        d.throwIfErrors();
        Layer layer = spec.build(new LayerContext() {
            @Override
            public String name() {
                return type + "_1";
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
                p.error(key == null ? "type" : key, message);
            }

            @Override
            public Parameter parameter(String paramName, ParamInit init, Shape shape, Fans fans) {
                if (init instanceof ParamInit.Values v) {
                    double[] values = NumericArray.read(v.node(), shape.dims(), d);
                    return values == null ? null : new Parameter(paramName, shape, values);
                }
                if (init instanceof ParamInit.Drawn dr) {
                    double[] values = new double[shape.size()];
                    dr.initializer().fill(values, fans, Rng.derive(seed, paramName));
                    return new Parameter(paramName, shape, values);
                }
                return null;
            }
        });
        d.throwIfErrors();
        if (layer == null) {
            throw new AssertionError("layer was not built: " + yaml);
        }
        return layer;
    }

    /** Parses a YAML snippet to a node (for tests of readers). */
    public static Node yaml(String text) {
        return YamlLoader.parse("test", text);
    }
}
