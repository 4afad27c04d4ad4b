package io.nnpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.config.ConfigException;
import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.YamlLoader;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.testing.Layers;
import io.nnpipe.train.Trainer;
import io.nnpipe.train.TrainingFault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A seeded, structure-aware complement to {@link ConfigFuzzTest}: the seed configs are mutated as
 * trees, one to three changes each at random places (a size changed to another small one, a
 * value replaced by another kind or an extreme, a key dropped or added, a list element removed, duplicated or replaced, a random layer
 * inserted), written back as YAML, and read. Every result must load or fail
 * with a {@link ConfigException}; every config that loads must also train for its first epoch with
 * at most a {@link TrainingFault}. Deterministic: the same mutations on every run. It found a
 * crash the byte-level fuzzer had not reached (a layer {@code name} that is a list).
 */
class ConfigMutationTest {
    private static final Path SEEDS = Path.of("src/test/resources/io/nnpipe/pipeline/ConfigFuzzTestInputs/fuzzConfig");
    private static final int MUTANTS_PER_SEED = 150;
    private static final List<String> LAYER_TYPES = List.of("conv2d", "max_pool2d", "flatten", "dense", "relu",
            "leaky_relu", "sigmoid", "tanh", "softmax");
    private static final List<String> KEYS = List.of("out_channels", "kernel", "stride", "padding", "in_channels", "units",
            "inputs", "weight", "bias", "negative_slope", "name", "batch_size", "classes", "momentum", "schedule", "trace");

    @Test
    void everyMutantLoadsOrFailsWithAConfigErrorAndEveryLoadedOneTrains() throws IOException {
        PipelineReader reader = new PipelineReader(Layers.BUILTIN, 64L << 20);
        Yaml yaml = new Yaml();
        DumperOptions flow = new DumperOptions();
        flow.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
        Yaml dumper = new Yaml(flow);
        int loaded = 0;
        int refused = 0;
        List<Path> seeds;
        try (Stream<Path> files = Files.list(SEEDS)) {
            seeds = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path seedFile : seeds) {
            Object seed = yaml.load(Files.readString(seedFile)); // our own trusted seeds only
            Random rnd = new Random(seedFile.getFileName().toString().hashCode());
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                Object mutant = mutate(seed, rnd, 1 + rnd.nextInt(3));
                if (mutant instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> top = (Map<String, Object>) m;
                    top.put("epochs", 1);
                }
                String text = dumper.dump(mutant);
                try {
                    Pipeline p = reader.read(YamlLoader.parse(seedFile.getFileName() + "#" + i, text), "m", new Diagnostics());
                    loaded++;
                    try {
                        new Trainer(p, Parallel.SERIAL).run();
                    } catch (TrainingFault expected) {
                        // a valid config may still diverge
                    }
                } catch (ConfigException e) {
                    refused++;
                    assertTrue(!e.problems().isEmpty());
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("mutant " + i + " of " + seedFile.getFileName() + " crashed:\n" + text, e);
                }
            }
        }
        assertTrue(loaded >= 30 && refused >= 300, "mutants loaded " + loaded + ", refused " + refused);
    }

    /** A deep copy of {@code seed} with {@code count} mutations at random places of the tree. */
    private static Object mutate(Object seed, Random rnd, int count) {
        Object root = copy(seed);
        for (int k = 0; k < count; k++) {
            List<Object> containers = new ArrayList<>();
            List<Object> model = new ArrayList<>();
            collect(root, containers, model, false);
            // mostly the model and settings: a change inside the samples nearly always just breaks a shape
            List<Object> pool = rnd.nextInt(5) > 0 && !model.isEmpty() ? model : containers;
            Object c = pool.get(rnd.nextInt(pool.size()));
            if (c instanceof Map<?, ?> raw) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> m = (Map<Object, Object>) raw;
                List<Object> keys = new ArrayList<>(m.keySet());
                int op = rnd.nextInt(5);
                List<Object> small = keys.stream().filter(key -> m.get(key) instanceof Integer).toList();
                if (op >= 3 && !small.isEmpty()) {
                    m.put(small.get(rnd.nextInt(small.size())), 1 + rnd.nextInt(6)); // another plausible size
                } else if (op == 0 || keys.isEmpty()) {
                    m.put(KEYS.get(rnd.nextInt(KEYS.size())), randomValue(rnd));
                } else if (op == 1) {
                    m.remove(keys.get(rnd.nextInt(keys.size())));
                } else {
                    m.put(keys.get(rnd.nextInt(keys.size())), randomValue(rnd));
                }
            } else {
                @SuppressWarnings("unchecked")
                List<Object> l = (List<Object>) c;
                int op = rnd.nextInt(4);
                if (op == 0 || l.isEmpty()) {
                    l.add(rnd.nextInt(l.size() + 1), new LinkedHashMap<>(Map.of("type",
                            LAYER_TYPES.get(rnd.nextInt(LAYER_TYPES.size())), KEYS.get(rnd.nextInt(KEYS.size())), randomValue(rnd))));
                } else if (op == 1) {
                    l.remove(rnd.nextInt(l.size()));
                } else if (op == 2) {
                    l.add(rnd.nextInt(l.size() + 1), copy(l.get(rnd.nextInt(l.size()))));
                } else {
                    l.set(rnd.nextInt(l.size()), randomValue(rnd));
                }
            }
        }
        return root;
    }

    private static void collect(Object node, List<Object> all, List<Object> model, boolean inData) {
        if (node instanceof Map<?, ?> m) {
            all.add(m);
            if (!inData) {
                model.add(m);
            }
            m.forEach((k, v) -> collect(v, all, model, inData || "data".equals(k) || "weight".equals(k)));
        } else if (node instanceof List<?> l) {
            all.add(l);
            if (!inData) {
                model.add(l);
            }
            l.forEach(v -> collect(v, all, model, inData));
        }
    }

    private static Object copy(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, copy(v)));
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(copy(v)));
            return out;
        }
        return node;
    }

    private static Object randomValue(Random rnd) {
        return switch (rnd.nextInt(8)) {
            case 0 -> List.of(0, 1, -1, 2, 3, 7, 16, 65536, Integer.MAX_VALUE).get(rnd.nextInt(9));
            case 1 -> List.of(1e-9, 0.5, -0.5, 1e6, 1e308, 2.5).get(rnd.nextInt(6));
            case 2 -> List.of("x", "dense", "conv2d", "softmax", "sgd", "adam", "mse", "all", "1-3", "zeros", "").get(rnd.nextInt(11));
            case 3 -> rnd.nextBoolean();
            case 4 -> new ArrayList<>(List.of(1, 2, 0, -1).subList(0, rnd.nextInt(5)));
            case 5 -> new LinkedHashMap<>(Map.of("init", List.of("normal", "constant", "uniform", "x").get(rnd.nextInt(4)),
                    List.of("std", "value", "low", "high", "gain").get(rnd.nextInt(5)), List.of(0, 1, -1, 1e9).get(rnd.nextInt(4))));
            case 6 -> rnd.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
            default -> new ArrayList<>();
        };
    }
}
