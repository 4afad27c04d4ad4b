package io.nnpipe.output;

import io.nnpipe.data.Dataset;
import io.nnpipe.data.SourceDigest;
import io.nnpipe.model.Network;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.plugin.Registry;
import io.nnpipe.train.EpochRecord;
import io.nnpipe.train.TrainListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run manifest {@code run.yaml}: what made a run folder — the config (its SHA-256, the
 * overrides, the fully resolved config), the seed, the tool, Java and OS, the SHA-256 of every
 * data file read — and the SHA-256 of every file the folder holds at the end. Written last and
 * atomically, so a folder without it is incomplete (still running, or killed). It holds no time,
 * host name or absolute path: two runs of one build on one machine and JVM write the same bytes.
 *
 * <p>Use: {@link #begin} before training (hashes the inputs as they are read), add it as a
 * listener (it counts the epochs), then {@link #write} after every other output.
 */
public final class RunManifest implements TrainListener {
    public static final String FILE = RunFolder.MANIFEST;
    private static final String HEADER = "# nnpipe run manifest: how this folder was made (docs/reproducibility.md)."
            + " Written last: a run folder without it is incomplete.\n";

    /**
     * One data file read: its role ({@code train}, {@code test}), its path relative to the config
     * file's folder (as a config names it), digest and size.
     */
    public record DataFile(String role, String path, String sha256, long bytes) {
        /** Whether both name the same bytes in the same role; the path may be spelt differently. */
        public boolean sameData(DataFile other) {
            return other != null && role.equals(other.role) && sha256.equals(other.sha256) && bytes == other.bytes;
        }
    }

    /**
     * What the caller knows about the run besides the pipeline; {@code registry} (may be null)
     * names the plugins the config uses in run.yaml.
     */
    public record Request(Path config, List<String> overrides, int threads, Registry registry) {
        public Request(Path config, List<String> overrides, int threads) {
            this(config, overrides, threads, null);
        }
    }

    private final Pipeline pipeline;
    private final Request request;
    private final String configSha256;
    private final String resolvedText;
    private final String resolvedSha256;
    private final List<DataFile> data;
    /** The plugins the config uses (hashed once, before training); null without a registry. */
    private final List<PluginsUsed.Used> plugins;
    private final BuildInfo build = BuildInfo.load();
    private int epochsCompleted;
    private int resumedAfter;
    private String resumeChange;

    private RunManifest(Pipeline pipeline, Request request, String configSha256, List<DataFile> data) {
        this.pipeline = pipeline;
        this.request = request;
        this.configSha256 = configSha256;
        this.resolvedText = YamlText.render(pipeline.resolved());
        this.resolvedSha256 = Sha256.ofText(resolvedText); // asked for by every epoch's checkpoint
        this.data = List.copyOf(data);
        this.plugins = request.registry() == null ? null : PluginsUsed.used(request.registry(), pipeline.resolved());
    }

    /** Hashes the config file and every data file the pipeline read. */
    public static RunManifest begin(Pipeline pipeline, Request request) {
        List<DataFile> data = new ArrayList<>();
        Path base = request.config().toAbsolutePath().normalize().getParent();
        hashSources(data, "train", pipeline.train(), base);
        hashSources(data, "test", pipeline.test(), base);
        return new RunManifest(pipeline, request, Sha256.of(request.config()), data);
    }

    private static void hashSources(List<DataFile> out, String role, Dataset d, Path base) {
        if (d == null) {
            return;
        }
        for (Path p : d.sources()) {
            SourceDigest known = d.digest(p); // an image folder: its reader hashed the images it read
            if (known != null) {
                out.add(new DataFile(role, slashes(fromConfigFolder(base, p)) + "/", known.sha256(), known.bytes()));
                continue;
            }
            try {
                out.add(new DataFile(role, slashes(fromConfigFolder(base, p)), Sha256.of(p), Files.size(p)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The file's path from the config's folder: the same text whichever working directory the run
     * started in and however the config's own path was spelt, so neither reaches run.yaml or the
     * checkpoint. (The path as resolved would be relative to the working directory.)
     */
    static Path fromConfigFolder(Path base, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (base == null) {
            return abs;
        }
        try {
            return base.relativize(abs);
        } catch (IllegalArgumentException e) {
            return abs; // another root (a Windows drive): only the absolute path names it
        }
    }

    /** The resolved config as canonical YAML text (what {@code resolved_config} holds). */
    public String resolvedText() {
        return resolvedText;
    }

    /** SHA-256 of {@link #resolvedText()}: changes with any value that changes the run, not with comments. */
    public String resolvedSha256() {
        return resolvedSha256;
    }

    public List<DataFile> dataFiles() {
        return data;
    }

    /** The nnpipe build making this run. */
    BuildInfo build() {
        return build;
    }

    /** The components on the class path; null when not known. */
    Registry registry() {
        return request.registry();
    }

    /** The plugins the config uses, as hashed when the run began; null when not known (no registry). */
    List<PluginsUsed.Used> plugins() {
        return plugins;
    }

    /**
     * Records that this run was resumed with {@code --allow-config-change} although {@code change}
     * ({@link ResumeDifferences#changes}): the epochs before the checkpoint were trained
     * under another config than {@code resolved_config}, which run.yaml must not hide.
     */
    public void resumedDespite(String change) {
        this.resumeChange = change;
    }

    @Override
    public void started(Network network, int startEpoch) {
        resumedAfter = startEpoch;
        epochsCompleted = startEpoch;
    }

    @Override
    public void epochEnded(EpochRecord record, Network network) {
        epochsCompleted = record.epoch();
    }

    /**
     * Writes {@code run.yaml} into the folder, hashing every file it holds now except the manifest
     * itself, the checkpoint (resume state, replaced every epoch) and hidden temporary files.
     *
     * @param status {@code complete}, or what stopped the run
     */
    public void write(RunFolder folder, String status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", 1);
        m.put("status", status);
        m.put("epochs_completed", epochsCompleted);
        if (resumedAfter > 0) {
            m.put("resumed_after_epoch", resumedAfter);
        }
        if (resumeChange != null) {
            m.put("resumed_with_config_change", resumeChange);
        }
        m.put("tool", tool());
        m.put("java", java());
        m.put("os", os());
        if (plugins != null && !plugins.isEmpty()) {
            m.put("plugins", PluginsUsed.yaml(plugins));
        }
        m.put("config", config());
        m.put("seed", pipeline.settings().seed());
        m.put("threads", request.threads());
        m.put("data", data());
        m.put("outputs", outputs(folder.dir()));
        m.put("resolved_config", pipeline.resolved());
        AtomicFiles.write(folder.file(FILE), HEADER + YamlText.render(m));
    }

    private static Map<String, Object> tool() {
        BuildInfo b = BuildInfo.load();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "nnpipe");
        m.put("version", b.version());
        m.put("git_commit", b.commit());
        m.put("git_dirty", b.dirty().equals(BuildInfo.UNKNOWN) ? b.dirty() : Boolean.valueOf(b.dirty()));
        return m;
    }

    private static Map<String, Object> java() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vendor", System.getProperty("java.vendor"));
        m.put("version", System.getProperty("java.version"));
        m.put("runtime", System.getProperty("java.runtime.version"));
        m.put("vm", System.getProperty("java.vm.name"));
        return m;
    }

    private static Map<String, Object> os() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", System.getProperty("os.name"));
        m.put("version", System.getProperty("os.version"));
        m.put("arch", System.getProperty("os.arch"));
        return m;
    }

    private Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", slashes(request.config()));
        m.put("sha256", configSha256);
        m.put("overrides", request.overrides());
        m.put("resolved_sha256", resolvedSha256());
        return m;
    }

    private Map<String, Object> data() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String role : List.of("train", "test")) {
            Dataset d = role.equals("train") ? pipeline.train() : pipeline.test();
            List<Object> files = new ArrayList<>();
            for (DataFile f : data) {
                if (f.role().equals(role)) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("path", f.path());
                    entry.put("sha256", f.sha256());
                    entry.put("bytes", f.bytes());
                    files.add(entry);
                }
            }
            m.put(role, d == null ? "none" : files.isEmpty() ? "inline (samples written in the config)" : files);
        }
        return m;
    }

    /** Every file under {@code dir} but the excluded ones, by relative path in code-point order. */
    static Map<String, Object> outputs(Path dir) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String rel : files(dir)) {
            if (!rel.equals(RunFolder.MANIFEST) && !rel.equals(RunFolder.CHECKPOINT)) {
                m.put(rel, Sha256.of(dir.resolve(rel)));
            }
        }
        return m;
    }

    /** Relative paths ({@code /}-separated, sorted) of the regular, non-hidden files under a folder. */
    public static List<String> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p))
                    .filter(rel -> !hidden(rel))
                    .map(RunManifest::slashes)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }
}
