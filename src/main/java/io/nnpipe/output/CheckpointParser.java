package io.nnpipe.output;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a checkpoint file written by {@link CheckpointText}, line by line in the order the format
 * fixes; optional sections ({@code plugins}, {@code tool}) an older nnpipe did not write read as
 * null. Any surprise is a damaged checkpoint: a {@link RunFolderException} naming the file and the
 * line ({@code FILE:LINE: not a valid checkpoint: WHY}). One instance reads one file.
 */
final class CheckpointParser {
    private final Path file;
    private final BufferedReader in;
    private int lineNo;
    /** The line read last and not yet taken by a section (null at the end of the file). */
    private String line;

    private CheckpointParser(Path file, BufferedReader in) {
        this.file = file;
        this.in = in;
    }

    /**
     * The checkpoint in {@code file}.
     *
     * @throws RunFolderException when it is missing, unreadable or damaged
     */
    static Checkpoint read(Path file) {
        try (BufferedReader in = RegularFile.open(file)) {
            return new CheckpointParser(file, in).parse();
        } catch (NoSuchFileException e) {
            throw new RunFolderException("no checkpoint in " + file.getParent() + " (expected " + file.getFileName()
                    + ", which a run writes when it starts, at most once a second after an epoch, and after the last)");
        } catch (IOException e) {
            throw new RunFolderException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private Checkpoint parse() throws IOException {
        if (!CheckpointText.MAGIC.equals(next())) {
            throw bad("it does not start with \"" + CheckpointText.MAGIC + "\"");
        }
        line = next();
        while (line != null && line.startsWith("#")) {
            line = next();
        }
        int epoch = (int) number(field(line, "epoch", 2)[1]);
        long step = number(field(next(), "step", 2)[1]);
        line = next();
        Map<String, Long> rows = rows();
        String sha = field(line, "config_sha256", 2)[1];
        line = next();
        List<RunManifest.DataFile> data = data();
        List<PluginsUsed.Used> plugins = optionalPlugins();
        BuildInfo tool = optionalTool();
        List<Checkpoint.Tensor> tensors = tensors();
        String config = configAndEnd();
        return new Checkpoint(epoch, step, rows, sha, config, data, plugins, tool, tensors);
    }

    /** The {@code rows NAME COUNT} lines from the current one. */
    private Map<String, Long> rows() throws IOException {
        Map<String, Long> rows = new LinkedHashMap<>();
        while (line != null && line.startsWith("rows ")) {
            String[] f = field(line, "rows", 3);
            rows.put(f[1], number(f[2]));
            line = next();
        }
        return rows;
    }

    /** The {@code data ROLE SHA256 BYTES PATH} lines from the current one (the path may hold spaces). */
    private List<RunManifest.DataFile> data() throws IOException {
        List<RunManifest.DataFile> data = new ArrayList<>();
        while (line != null && line.startsWith("data ")) {
            String[] f = line.split(" ", 5);
            if (f.length != 5) {
                throw bad("expected \"data ROLE SHA256 BYTES PATH\"");
            }
            data.add(new RunManifest.DataFile(f[1], f[4], f[2], number(f[3])));
            line = next();
        }
        return data;
    }

    /** The {@code plugins N} section when the current line starts it, else null (an older checkpoint). */
    private List<PluginsUsed.Used> optionalPlugins() throws IOException {
        if (line == null || !line.startsWith("plugins ")) {
            return null;
        }
        List<PluginsUsed.Used> plugins = plugins((int) number(field(line, "plugins", 2)[1]));
        line = next();
        return plugins;
    }

    /** {@code count} pairs of lines {@code plugin SHA256 COMPONENTS ID} and {@code jar NAME}. */
    private List<PluginsUsed.Used> plugins(int count) throws IOException {
        List<PluginsUsed.Used> plugins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String pluginLine = next();
            String[] f = pluginLine == null ? new String[0] : pluginLine.split(" ", 4);
            if (f.length != 4 || !f[0].equals("plugin")) {
                throw bad("expected \"plugin SHA256 COMPONENTS ID\", found "
                        + (pluginLine == null ? "the end of the file" : "\"" + clip(pluginLine) + "\""));
            }
            String jar = next();
            if (jar == null || !jar.startsWith("jar ")) {
                throw bad("expected \"jar FILE\" after the plugin line");
            }
            plugins.add(new PluginsUsed.Used(f[3], jar.substring(4), f[1].equals("-") ? null : f[1],
                    List.of(f[2].split(",", -1))));
        }
        return List.copyOf(plugins);
    }

    /** The {@code tool VERSION COMMIT DIRTY} line when it is the current one, else null (an older checkpoint). */
    private BuildInfo optionalTool() throws IOException {
        if (line == null || !line.startsWith("tool ")) {
            return null;
        }
        String[] f = field(line, "tool", 4);
        line = next();
        return new BuildInfo(f[1], f[2], f[3]);
    }

    /** The {@code tensor KIND OWNER NAME COUNT} lines from the current one, each with its line of values. */
    private List<Checkpoint.Tensor> tensors() throws IOException {
        List<Checkpoint.Tensor> tensors = new ArrayList<>();
        while (line != null && line.startsWith("tensor ")) {
            String[] f = field(line, "tensor", 5);
            tensors.add(new Checkpoint.Tensor(f[1], f[2], f[3], values(next(), (int) number(f[4]))));
            line = next();
        }
        return tensors;
    }

    /** The {@code config LINES} section from the current line, then the closing {@code end}. */
    private String configAndEnd() throws IOException {
        int configLines = (int) number(field(line, "config", 2)[1]);
        StringBuilder config = new StringBuilder();
        for (int i = 0; i < configLines; i++) {
            String l = next();
            if (l == null) {
                throw bad("it ends inside the config");
            }
            config.append(l).append('\n');
        }
        if (!"end".equals(next())) {
            throw bad("it does not end with \"end\"");
        }
        return config.toString();
    }

    private String next() throws IOException {
        lineNo++;
        return in.readLine();
    }

    private String[] field(String text, String key, int count) {
        String[] f = text == null ? new String[0] : text.split(" ", -1);
        if (f.length != count || !f[0].equals(key)) {
            throw bad("expected \"" + key + " ...\" with " + (count - 1) + " value" + (count == 2 ? "" : "s")
                    + ", found " + (text == null ? "the end of the file" : "\"" + clip(text) + "\""));
        }
        return f;
    }

    private long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw bad("expected a whole number, found \"" + clip(s) + "\"");
        }
    }

    private double[] values(String text, int count) {
        if (text == null) {
            throw bad("it ends inside a tensor");
        }
        String[] f = count == 0 ? new String[0] : text.split(" ", -1);
        if (f.length != count) {
            throw bad("expected " + count + " values, found " + f.length);
        }
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                v[i] = Double.parseDouble(f[i]);
            } catch (NumberFormatException e) {
                throw bad("value " + (i + 1) + " is not a number: \"" + clip(f[i]) + "\"");
            }
        }
        return v;
    }

    private RunFolderException bad(String why) {
        return new RunFolderException(file + ":" + lineNo + ": not a valid checkpoint: " + why);
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
