package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.data.Dataset;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.tensor.Shape;
import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Layers;
import io.nnpipe.testing.RunFiles;
import io.nnpipe.testing.Workloads;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The run manifest: written last, with the inputs' and every output's SHA-256 and the resolved config. */
class RunManifestTest {

    static Map<?, ?> load(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }

    static Map<?, ?> section(Map<?, ?> m, String key) {
        return (Map<?, ?>) m.get(key);
    }

    @Test
    void recordsTheConfigTheToolsAndEveryOutputsHash(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("-q", "configs/doc-example.yaml", "--out", out.toString(), "--set",
                "optimizer.learning_rate=0.05", "--epochs", "2", "--threads", "1");
        assertEquals(0, r.exit(), r::toString);
        Map<?, ?> m = load(out.resolve("run.yaml"));
        assertEquals(List.of("format", "status", "epochs_completed", "tool", "java", "os", "config", "seed", "threads",
                "data", "outputs", "resolved_config"), List.copyOf(m.keySet()));
        assertEquals("complete", m.get("status"));
        assertEquals(2, m.get("epochs_completed"));
        assertEquals(System.getProperty("java.version"), section(m, "java").get("version"));
        assertEquals(System.getProperty("os.arch"), section(m, "os").get("arch"));
        assertEquals("nnpipe", section(m, "tool").get("name"));
        Map<?, ?> config = section(m, "config");
        assertEquals("configs/doc-example.yaml", config.get("file"));
        assertEquals(Sha256.of(Path.of("configs/doc-example.yaml")), config.get("sha256"));
        assertEquals(List.of("optimizer.learning_rate=0.05", "epochs=2"), config.get("overrides"));
        assertEquals(0, m.get("seed"));
        assertEquals(Map.of("train", "inline (samples written in the config)", "test", "none"), m.get("data"));

        Map<?, ?> outputs = section(m, "outputs");
        List<String> files = RunFiles.read(out).keySet().stream() // hidden files (.nnpipe.lock) are not outputs
                .filter(f -> !f.equals("run.yaml") && !f.equals("checkpoint.txt") && !f.startsWith(".")).toList();
        assertEquals(files, List.copyOf(outputs.keySet()), "every file but the manifest and the checkpoint, sorted");
        outputs.forEach((f, sha) -> assertEquals(Sha256.of(out.resolve(f.toString())), sha, f.toString()));

        Map<?, ?> resolved = section(m, "resolved_config");
        assertEquals(2, resolved.get("epochs"));
        assertEquals(0.05, section(resolved, "optimizer").get("learning_rate"));
        assertEquals(0, section(resolved, "optimizer").get("momentum"), "defaults are filled in");
        String text = Files.readString(out.resolve("run.yaml"));
        assertEquals(Sha256.ofText(text.substring(text.indexOf("resolved_config:\n") + 17).replaceAll("(?m)^  ", "")),
                config.get("resolved_sha256"), "resolved_sha256 is the hash of the resolved config's text");
    }

    @Test
    void theResolvedConfigAloneReproducesTheRun(@TempDir Path tmp) throws IOException {
        Path config = Workloads.smallCnn(tmp, "original", 9, 3, 2);
        Path first = tmp.resolve("first");
        assertEquals(0, Cli.run("-q", config.toString(), "--out", first.toString()).exit());
        @SuppressWarnings("unchecked")
        Map<String, ?> resolved = (Map<String, ?>) section(load(first.resolve("run.yaml")), "resolved_config");
        Path again = tmp.resolve("resolved.yaml");
        Files.writeString(again, YamlText.render(resolved));
        Path second = tmp.resolve("second");
        Cli.Result r = Cli.run("-q", again.toString(), "--out", second.toString());
        assertEquals(0, r.exit(), r::toString);
        RunFiles.assertSameBytes(first, second, f -> f.endsWith(".csv"));
    }

    @Test
    void theResolvedConfigWithComputedStatisticsIsAConfigToo(@TempDir Path tmp) throws IOException {
        // normalize: train resolves to {from: train, mean: [...], std: [...]}, which was refused as
        // "data.normalize.from: unknown key 'from'" when read back
        StringBuilder csv = new StringBuilder("label,a,b,c,d\n");
        for (int i = 0; i < 12; i++) {
            csv.append(i % 3).append(',').append(i * 7 % 16).append(',').append(i * 5 % 9).append(",3,").append(i % 4).append('\n');
        }
        Files.writeString(tmp.resolve("d.csv"), csv);
        Path config = Files.writeString(tmp.resolve("computed.yaml"), """
                seed: 4
                epochs: 3
                batch_size: 5
                shuffle: true
                data:
                  input_shape: [4]
                  train: {csv: d.csv}
                  split: 0.25
                  scale: 16
                  normalize: train
                layers: [{type: dense, units: 3}]
                loss: softmax_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        Path first = tmp.resolve("first");
        Cli.Result one = Cli.run("-q", "--no-report", config.toString(), "--out", first.toString());
        assertEquals(0, one.exit(), one::toString);
        @SuppressWarnings("unchecked")
        Map<String, ?> resolved = (Map<String, ?>) section(load(first.resolve("run.yaml")), "resolved_config");
        assertTrue(YamlText.render(resolved).contains("normalize:\n    from: train\n    mean: ["), YamlText.render(resolved));
        Path again = Files.writeString(tmp.resolve("resolved.yaml"), YamlText.render(resolved)); // beside: same data paths
        Path second = tmp.resolve("second");
        Cli.Result r = Cli.run("-q", "--no-report", again.toString(), "--out", second.toString());
        assertEquals(0, r.exit(), r::toString);
        RunFiles.assertSameBytes(first, second, f -> f.endsWith(".csv"));
    }

    @Test
    void aStoppedRunSaysWhy(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("-q", "configs/doc-example-exact.yaml", "--out", out.toString(), "--set",
                "optimizer.learning_rate=1000000");
        assertEquals(3, r.exit(), r::toString);
        String status = load(out.resolve("run.yaml")).get("status").toString();
        assertTrue(status.startsWith("stopped: the "), status);
    }

    @Test
    void hashesTheDataFilesADatasetReports(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("digits.csv");
        Files.writeString(data, "label,p0\n1,0.5\n");
        Path configFile = Path.of("configs/doc-example.yaml");
        Pipeline p = new PipelineReader(Layers.BUILTIN).read(configFile, List.of());
        Pipeline fromFile = new Pipeline(p.name(), p.settings(), p.network(), p.loss(), p.optimizer(),
                new FromFile(p.train(), data), p.test(), p.resolved(), p.inputTransform());
        RunManifest manifest = RunManifest.begin(fromFile, new RunManifest.Request(configFile, List.of(), 1));
        RunFolder folder = RunFolder.at(tmp.resolve("run"));
        folder.prepare();
        manifest.write(folder, "complete");
        Object train = section(load(folder.file("run.yaml")), "data").get("train");
        String named = Path.of("configs").toAbsolutePath().relativize(data).toString(); // from the config's folder
        assertEquals(List.of(Map.of("path", named, "sha256", Sha256.of(data), "bytes", 15)), train);
        assertEquals(List.of(new RunManifest.DataFile("train", named, Sha256.of(data), 15)), manifest.dataFiles());
    }

    @Test
    void buildInfoIsFilledInOrUnknown() {
        BuildInfo b = BuildInfo.load();
        assertTrue(b.version().matches("\\d+\\.\\d+\\.\\d+.*"), b.version());
        assertTrue(b.commit().matches("[0-9a-f]{40}") || b.commit().equals("unknown"), b.commit());
        assertNotEquals("", b.dirty());
    }

    /** A dataset as a data-file reader would make it: the same samples, and the file it read. */
    private record FromFile(Dataset d, Path file) implements Dataset {
        public int size() {
            return d.size();
        }

        public Shape shape() {
            return d.shape();
        }

        public int targetWidth() {
            return d.targetWidth();
        }

        public void input(int i, double[] dst, int off) {
            d.input(i, dst, off);
        }

        public void target(int i, double[] dst, int off) {
            d.target(i, dst, off);
        }

        public int label(int i) {
            return d.label(i);
        }

        @Override
        public List<Path> sources() {
            return List.of(file);
        }
    }
}
