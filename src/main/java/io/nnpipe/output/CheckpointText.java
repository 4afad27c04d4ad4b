package io.nnpipe.output;

import java.util.Map;
import java.util.TreeMap;

/**
 * The text form of a {@link Checkpoint}: one record per line, fields separated by single spaces;
 * each tensor is a {@code tensor KIND OWNER NAME COUNT} line followed by one line of its values;
 * the resolved config follows as {@code config LINES} and that many lines; {@code end} closes the
 * file, so a truncated file is recognised ({@link CheckpointParser} reads it back). {@code plugins N} (then, per plugin, {@code plugin SHA256
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
    /** The first line of every checkpoint: the format and its version. */
    static final String MAGIC = "nnpipe-checkpoint 1";

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
        provenance(c, b);
        tensors(c, out);
        config(c.configText(), b);
        b.append("end\n");
    }

    /** The {@code plugins} and {@code tool} sections, each only when the checkpoint knows it. */
    private static void provenance(Checkpoint c, StringBuilder b) {
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
    }

    /** Each tensor's line and its line of values, draining {@code out} as it fills. */
    private static void tensors(Checkpoint c, TextSink out) {
        StringBuilder b = out.text();
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
    }

    /** The config's line count and its lines, each ended by a newline (a last line without one gets it). */
    private static void config(String config, StringBuilder b) {
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
}
