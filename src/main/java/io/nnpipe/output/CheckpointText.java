package io.nnpipe.output;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text form of a {@link Checkpoint}: one record per line, fields separated by single spaces;
 * each tensor is a {@code tensor KIND OWNER NAME COUNT} line followed by one line of its values;
 * the resolved config follows as {@code config LINES} and that many lines; {@code end} closes the
 * file, so a truncated file is recognised. {@code plugins N} (then, per plugin, {@code plugin SHA256
 * COMPONENTS ID} and {@code jar FILE NAME}; {@code -} for a folder's missing SHA-256) was added
 * later: a checkpoint without it was written by an nnpipe that did not record plugins, and reads
 * with {@link Checkpoint#plugins()} null; likewise {@code tool VERSION COMMIT DIRTY}, the nnpipe
 * build that wrote it. Values are written in {@link Double#toHexString}'s form:
 * exact, specified to the character (so the same on every JVM), read back by
 * {@link Double#parseDouble} (and Python's {@code float.fromhex}), and about ten times faster to
 * write than the shortest decimal (0.5-0.8 against 7 microseconds a value,
 * docs/reproducibility.md), which matters because a checkpoint holds every parameter and the
 * optimizer's state (Adam: three values per parameter) after every epoch. {@link #hex} writes that
 * form itself: Java 17's {@code toHexString} strips trailing zeros with a regular expression,
 * which made it the largest cost of a checkpoint in a short run (docs/performance.md).
 *
 * <pre>
 * nnpipe-checkpoint 1
 * epoch 5
 * step 10
 * rows epochs.csv 5
 * config_sha256 3f2a...
 * data train 9c1e... 1797 data/digits.csv.gz
 * plugins 1
 * plugin ea49... layer:prelu,loss:huber my-plugin
 * jar my-plugin.jar
 * tool 0.1.0 e6898c807041... false
 * tensor param conv weight 4
 * 0x1.0p0 -0x1.0p0 0x1.999999999999ap-4 -0x0.0p0
 * config 42
 * ...
 * end
 * </pre>
 */
final class CheckpointText {
    private static final String MAGIC = "nnpipe-checkpoint 1";

    private CheckpointText() {
    }

    static String render(Checkpoint c) {
        java.io.StringWriter w = new java.io.StringWriter();
        TextSink sink = new TextSink(w);
        render(c, sink);
        sink.drain();
        return w.toString();
    }

    /** Writes the text of {@code c} to {@code out}. */
    static void render(Checkpoint c, TextSink out) {
        StringBuilder b = out.text().append(MAGIC).append('\n');
        b.append("# The training state after epoch ").append(c.epoch())
                .append(", for --resume (docs/reproducibility.md). Do not edit.\n");
        b.append("epoch ").append(c.epoch()).append('\n');
        b.append("step ").append(c.step()).append('\n');
        for (Map.Entry<String, Long> row : new TreeMap<>(c.rows()).entrySet()) {
            b.append("rows ").append(word(row.getKey())).append(' ').append(row.getValue()).append('\n');
        }
        b.append("config_sha256 ").append(c.configSha256()).append('\n');
        for (RunManifest.DataFile f : c.data()) {
            b.append("data ").append(f.role()).append(' ').append(f.sha256()).append(' ').append(f.bytes()).append(' ')
                    .append(f.path().replace('\n', ' ')).append('\n');
        }
        if (c.plugins() != null) {
            b.append("plugins ").append(c.plugins().size()).append('\n');
            for (PluginsUsed.Used u : c.plugins()) {
                // id and jar name last, each on its line: they are the only fields that may hold spaces
                b.append("plugin ").append(u.sha256() == null ? "-" : u.sha256()).append(' ')
                        .append(word(String.join(",", u.components()))).append(' ').append(line(u.id())).append('\n');
                b.append("jar ").append(line(u.jar())).append('\n');
            }
        }
        if (c.tool() != null) {
            b.append("tool ").append(token(c.tool().version())).append(' ').append(token(c.tool().commit())).append(' ')
                    .append(token(c.tool().dirty())).append('\n');
        }
        for (Checkpoint.Tensor t : c.tensors()) {
            b.append("tensor ").append(t.kind()).append(' ').append(word(t.owner())).append(' ').append(word(t.name()))
                    .append(' ').append(t.values().length).append('\n');
            double[] v = t.values();
            for (int i = 0; i < v.length; i++) {
                if (i > 0) {
                    b.append(' ');
                }
                hex(b, v[i]);
                out.drainIfFull();
            }
            b.append('\n');
        }
        // the config's lines, each ended by a newline (a last line without one gets it)
        String config = c.configText();
        int n = 0;
        for (int i = 0; i < config.length(); i++) {
            if (config.charAt(i) == '\n') {
                n++;
            }
        }
        boolean open = !config.endsWith("\n");
        b.append("config ").append(open ? n + 1 : n).append('\n').append(config);
        if (open) {
            b.append('\n');
        }
        b.append("end\n");
    }

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    /**
     * Appends exactly what {@link Double#toHexString} returns: {@code NaN}, {@code Infinity},
     * {@code 0x0.0p0}, {@code -0x1.8p1}, {@code 0x1.999999999999ap-4}, subnormals as
     * {@code 0x0.0000000000001p-1022}: the 13 hexadecimal digits of the significand without
     * trailing zeros (at least one digit), and the unbiased binary exponent in decimal.
     */
    static void hex(StringBuilder b, double v) {
        if (!Double.isFinite(v)) {
            b.append(Double.toString(v)); // NaN, Infinity, -Infinity: the same words
            return;
        }
        long bits = Double.doubleToRawLongBits(v);
        if (bits < 0) {
            b.append('-');
        }
        long fraction = bits & 0x000F_FFFF_FFFF_FFFFL;
        int exponent = (int) ((bits >>> 52) & 0x7FF);
        if (exponent == 0 && fraction == 0) {
            b.append("0x0.0p0");
            return;
        }
        b.append(exponent == 0 ? "0x0." : "0x1.");
        int digits = 13;
        while (digits > 1 && (fraction & 0xF) == 0) {
            fraction >>>= 4;
            digits--;
        }
        for (int i = digits - 1; i >= 0; i--) {
            b.append(HEX_DIGITS[(int) (fraction >>> (4 * i)) & 0xF]);
        }
        b.append('p').append(exponent == 0 ? -1022 : exponent - 1023);
    }

    /** A name written as one field; names come from validated configs and plugins, never with spaces. */
    private static String word(String s) {
        boolean blank = s.isEmpty();
        for (int i = 0; i < s.length() && !blank; i++) {
            blank = Character.isWhitespace(s.charAt(i));
        }
        if (blank) {
            throw new IllegalStateException("cannot checkpoint a name with spaces: \"" + s + "\"");
        }
        return s;
    }

    /** A build property as one field (they never hold spaces, but a damaged build must not stop a run). */
    private static String token(String s) {
        return s.isBlank() ? BuildInfo.UNKNOWN : s.strip().replaceAll("\\s+", "_");
    }

    private static String line(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    static Checkpoint parse(Path file) {
        try (BufferedReader in = RegularFile.open(file)) {
            return new Parser(file, in).parse();
        } catch (NoSuchFileException e) {
            throw new RunFolderException("no checkpoint in " + file.getParent() + " (expected " + file.getFileName()
                    + ", which a run writes when it starts, at most once a second after an epoch, and after the last)");
        } catch (IOException e) {
            throw new RunFolderException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Reads the lines in order; any surprise is a damaged checkpoint. */
    private static final class Parser {
        private final Path file;
        private final BufferedReader in;
        private int lineNo;

        Parser(Path file, BufferedReader in) {
            this.file = file;
            this.in = in;
        }

        Checkpoint parse() throws IOException {
            if (!MAGIC.equals(next())) {
                throw bad("it does not start with \"" + MAGIC + "\"");
            }
            String line = next();
            while (line != null && line.startsWith("#")) {
                line = next();
            }
            int epoch = (int) number(field(line, "epoch", 2)[1]);
            long step = number(field(next(), "step", 2)[1]);
            Map<String, Long> rows = new LinkedHashMap<>();
            line = next();
            while (line != null && line.startsWith("rows ")) {
                String[] f = field(line, "rows", 3);
                rows.put(f[1], number(f[2]));
                line = next();
            }
            String sha = field(line, "config_sha256", 2)[1];
            List<RunManifest.DataFile> data = new ArrayList<>();
            line = next();
            while (line != null && line.startsWith("data ")) {
                String[] f = line.split(" ", 5);
                if (f.length != 5) {
                    throw bad("expected \"data ROLE SHA256 BYTES PATH\"");
                }
                data.add(new RunManifest.DataFile(f[1], f[4], f[2], number(f[3])));
                line = next();
            }
            List<PluginsUsed.Used> plugins = null;
            if (line != null && line.startsWith("plugins ")) {
                plugins = plugins((int) number(field(line, "plugins", 2)[1]));
                line = next();
            }
            BuildInfo tool = null;
            if (line != null && line.startsWith("tool ")) {
                String[] f = field(line, "tool", 4);
                tool = new BuildInfo(f[1], f[2], f[3]);
                line = next();
            }
            List<Checkpoint.Tensor> tensors = new ArrayList<>();
            while (line != null && line.startsWith("tensor ")) {
                String[] f = field(line, "tensor", 5);
                tensors.add(new Checkpoint.Tensor(f[1], f[2], f[3], values(next(), (int) number(f[4]))));
                line = next();
            }
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
            return new Checkpoint(epoch, step, rows, sha, config.toString(), data, plugins, tool, tensors);
        }

        /** {@code count} pairs of lines {@code plugin SHA256 COMPONENTS ID} and {@code jar NAME}. */
        private List<PluginsUsed.Used> plugins(int count) throws IOException {
            List<PluginsUsed.Used> plugins = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String line = next();
                String[] f = line == null ? new String[0] : line.split(" ", 4);
                if (f.length != 4 || !f[0].equals("plugin")) {
                    throw bad("expected \"plugin SHA256 COMPONENTS ID\", found "
                            + (line == null ? "the end of the file" : "\"" + clip(line) + "\""));
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

        private String next() throws IOException {
            lineNo++;
            return in.readLine();
        }

        private String[] field(String line, String key, int count) {
            String[] f = line == null ? new String[0] : line.split(" ", -1);
            if (f.length != count || !f[0].equals(key)) {
                throw bad("expected \"" + key + " ...\" with " + (count - 1) + " value" + (count == 2 ? "" : "s")
                        + ", found " + (line == null ? "the end of the file" : "\"" + clip(line) + "\""));
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

        private double[] values(String line, int count) {
            if (line == null) {
                throw bad("it ends inside a tensor");
            }
            String[] f = count == 0 ? new String[0] : line.split(" ", -1);
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
}
