package io.nnpipe.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.builtin.BuiltinPlugin;
import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry is filled through ServiceLoader: a plugin on the (test) classpath adds a layer type
 * that a YAML config can use, exactly like the built-ins; conflicts are refused by name.
 */
class PluginRegistryTest {

    @Test
    void serviceLoaderFindsBuiltinAndTestPlugins() {
        Registry r = Registry.discover(getClass().getClassLoader());
        assertEquals(List.of("builtin", "test-failing", "test-scale", "test-wrong-gradient"), r.plugins());
        assertNotNull(r.layer("conv2d"));
        assertEquals("test-scale", r.entry(Kind.LAYER, "scale").plugin());
        assertEquals("builtin", r.entry(Kind.LAYER, "conv2d").plugin());
    }

    @Test
    void pluginLayerIsUsableFromYaml(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("scaled.yaml");
        Files.writeString(config, """
                epochs: 1
                data:
                  input_shape: [2]
                  train: [{input: [1, 2], target: [0, 0]}]
                layers:
                  - {type: dense, units: 2, weight: [[1, 0], [0, 1]], bias: false}
                  - {type: scale, factor: 3}
                loss: mse
                optimizer: {type: sgd, learning_rate: 0.5}
                output: {trace: [1]}
                """);
        Cli.Result r = Cli.run("-q", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(0, r.exit(), r::toString);
        Csv trace = Csv.read(tmp.resolve("run/trace.csv"));
        assertArrayEquals(new double[] {3, 6}, trace.trace(1, "scale_1", "output"), 0.0);
        // mse = (9 + 36) / 2; d/dy = y (2/2); through scale: 3y = [9, 18]; dW = x^T g
        assertArrayEquals(new double[] {22.5}, trace.trace(1, "mse", "loss"), 0.0);
        assertArrayEquals(new double[] {9, 18, 18, 36}, trace.trace(1, "dense_1", "weight.grad"), 0.0);
    }

    @Test
    void runManifestNamesThePluginsTheConfigUsesAndOnlyThose(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("scaled.yaml");
        Files.writeString(config, """
                epochs: 1
                data:
                  input_shape: [2]
                  train: [{input: [1, 2], target: [0, 0]}]
                layers:
                  - {type: dense, units: 2}
                  - {type: scale, factor: 3}
                loss: mse
                optimizer: {type: sgd, learning_rate: 0.5}
                """);
        assertEquals(0, Cli.run("-q", config.toString(), "--out", tmp.resolve("run").toString()).exit());
        String manifest = Files.readString(tmp.resolve("run/run.yaml"));
        assertTrue(manifest.contains("plugins:\n  - id: test-scale\n    jar: test-classes\n"
                + "    components: [\"layer scale\"]\n"), manifest); // a folder, not a jar: no sha256
        assertFalse(manifest.contains("test-failing"), manifest); // on the class path, but not used

        Files.writeString(config, Files.readString(config).replace("{type: scale, factor: 3}", "{type: relu}"));
        assertEquals(0, Cli.run("-q", config.toString(), "--out", tmp.resolve("builtin").toString()).exit());
        assertFalse(Files.readString(tmp.resolve("builtin/run.yaml")).contains("plugins:"));
    }

    @Test
    void listPluginsNamesEveryIdAndItsPlugin() {
        Cli.Result r = Cli.run("--list-plugins");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("scale") && r.out().contains("plugin test-scale"), r.out());
        assertTrue(r.out().matches("(?s).*conv2d\\s+plugin builtin.*"), r.out());
        for (String id : List.of("max_pool2d", "softmax_cross_entropy", "sgd", "he_normal", "cosine")) {
            assertTrue(r.out().contains(id), id);
        }
        for (String heading : List.of("\nlayers:\n", "\nlosses:\n", "\noptimizers:\n", "\ninitializers:\n",
                "\nlearning-rate schedules:\n")) {
            assertTrue(r.out().contains(heading), heading + " in " + r.out()); // was "losss:"
        }
    }

    @Test
    void twoPluginsRegisteringOneIdAreRefusedNamingBoth() {
        Plugin clash = new Plugin() {
            @Override
            public String id() {
                return "clash";
            }

            @Override
            public void register(Registrar r) {
                r.layer("conv2d", (p, reg) -> null);
            }
        };
        PluginException e = assertThrows(PluginException.class, () -> Registry.of(List.of(new BuiltinPlugin(), clash)));
        assertTrue(e.getMessage().contains("'builtin'") && e.getMessage().contains("'clash'") && e.getMessage().contains("conv2d"),
                e.getMessage());
    }

    @Test
    void blankAndDuplicatePluginIdsAreRefused() {
        Plugin blank = new Plugin() {
            @Override
            public String id() {
                return " ";
            }

            @Override
            public void register(Registrar r) {
            }
        };
        assertThrows(PluginException.class, () -> Registry.of(List.of(blank)));
        assertThrows(PluginException.class, () -> Registry.of(List.of(new BuiltinPlugin(), new BuiltinPlugin())));
    }

    @Test
    void registryOrderDoesNotDependOnDiscoveryOrder() {
        Registry a = Registry.of(List.of(new BuiltinPlugin(), new ScalePlugin()));
        Registry b = Registry.of(List.of(new ScalePlugin(), new BuiltinPlugin()));
        assertEquals(a.plugins(), b.plugins());
        assertEquals(a.ids(Kind.LAYER), b.ids(Kind.LAYER));
    }
}
