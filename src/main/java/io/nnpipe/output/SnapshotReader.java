package io.nnpipe.output;

import io.nnpipe.config.ConfigException;
import io.nnpipe.config.Mark;
import io.nnpipe.config.Messages;
import io.nnpipe.config.Problem;
import io.nnpipe.layer.Layer;
import io.nnpipe.model.Network;
import io.nnpipe.tensor.Parameter;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a weight snapshot ({@code layer,param,index,value}, as {@link Snapshots} writes it) into a
 * network's parameters and buffers. Every row is checked against the network: the layer and the
 * parameter must exist, the index must lie inside the parameter, no value may be given twice and
 * every value of every parameter and buffer must be given. Problems are reported all at once
 * ({@code file:line:column: message}, at most {@value #MAX} of them) in a {@link ConfigException};
 * the network is changed only when the whole file is valid.
 */
public final class SnapshotReader {
    static final int MAX = 20;
    /** Longest line read: a row is a name, a parameter, an index and a number. */
    static final int MAX_LINE = 1 << 16;
    private final Path file;
    private final List<Problem> problems = new ArrayList<>();
    /** Layers, parameters and bad indexes of a parameter already reported: one message each, not one per row. */
    private final java.util.Set<String> unknown = new java.util.HashSet<>();
    private int total;

    private SnapshotReader(Path file) {
        this.file = file;
    }

    /** Loads {@code file} into {@code network}'s parameters and buffers, or throws with every problem. */
    public static void load(Path file, Network network) {
        new SnapshotReader(file).read(network);
    }

    private void read(Network network) {
        Map<String, Map<String, Slot>> slots = slots(network);
        if (Files.exists(file) && !Files.isDirectory(file) && !Files.isRegularFile(file)) {
            // /dev/zero was read as one endless line until memory ran out: exit 70 (QA, second pass)
            throw new ConfigException(Mark.of(file.toString()), null, "the weights file is not a regular file;"
                    + " expected a snapshot (" + Snapshots.HEADER + ", as weights/epoch-NNNN.csv)");
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = line(in, 1);
            if (header == null || !header.strip().equals(Snapshots.HEADER)) {
                problem(1, 1, "expected the snapshot header " + Snapshots.HEADER + ", found "
                        + (header == null ? "an empty file" : "\"" + Messages.clip(header) + "\""));
                throw new ConfigException(problems);
            }
            String line;
            int n = 1;
            while ((line = line(in, n + 1)) != null) {
                n++;
                if (!line.isBlank()) {
                    row(line, n, slots);
                }
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(Mark.of(file.toString()), null, "no such weights file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(Mark.of(file.toString()), null, "the weights file is not UTF-8 text; expected a"
                    + " snapshot (" + Snapshots.HEADER + ", as weights/epoch-NNNN.csv)");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ConfigException(Mark.of(file.toString()), null, "cannot read the weights file: " + e.getMessage());
        }
        missing(slots);
        if (total > MAX) {
            problems.add(Problem.omitted(Mark.of(file.toString()), null, total - MAX));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        for (Map<String, Slot> layer : slots.values()) {
            for (Slot s : layer.values()) {
                System.arraycopy(s.values, 0, s.target.value(), 0, s.values.length);
            }
        }
    }

    /** One parameter's incoming values and which of them were given. */
    private static final class Slot {
        final Parameter target;
        final double[] values;
        final boolean[] given;

        Slot(Parameter target) {
            this.target = target;
            this.values = new double[target.size()];
            this.given = new boolean[target.size()];
        }
    }

    private static Map<String, Map<String, Slot>> slots(Network network) {
        Map<String, Map<String, Slot>> slots = new LinkedHashMap<>();
        for (Layer l : network.layers()) {
            Map<String, Slot> ps = new LinkedHashMap<>();
            for (Parameter p : l.parameters()) {
                ps.put(p.name(), new Slot(p));
            }
            for (Parameter p : l.buffers()) {
                ps.put(p.name(), new Slot(p));
            }
            slots.put(l.name(), ps);
        }
        return slots;
    }

    private void row(String line, int n, Map<String, Map<String, Slot>> slots) {
        String[] f = line.split(",", -1);
        if (f.length != 4) {
            problem(n, 1, "expected 4 fields (" + Snapshots.HEADER + "), found " + f.length);
            return;
        }
        int col = 1;
        Map<String, Slot> layer = slots.get(f[0]);
        if (layer == null) {
            if (unknown.add(f[0])) {
                problem(n, col, "the network has no layer '" + Messages.clip(f[0]) + "'" + Messages.didYouMean(f[0],
                        slots.keySet()) + "; its layers: " + String.join(", ", slots.keySet()) + " (further rows of it"
                        + " are not reported)");
            }
            return;
        }
        col += f[0].length() + 1;
        Slot slot = layer.get(f[1]);
        if (slot == null) {
            if (unknown.add(f[0] + "\u0000" + f[1])) {
                problem(n, col, "layer '" + f[0] + "' has no parameter '" + Messages.clip(f[1]) + "'"
                        + (layer.isEmpty() ? " (it has none)" : "; it has: " + String.join(", ", layer.keySet()))
                        + " (further rows of it are not reported)");
            }
            return;
        }
        col += f[1].length() + 1;
        int index = index(f[2]);
        if (index < 0 || index >= slot.values.length) {
            // one message per parameter: a snapshot of a larger layer has many rows past its end
            if (unknown.add(f[0] + "\u0000" + f[1] + "\u0000index")) {
                problem(n, col, "expected an index from 0 to " + (slot.values.length - 1) + " into " + f[1]
                        + " of layer '" + f[0] + "' (shape " + slot.target.shape() + "), found \"" + Messages.clip(f[2])
                        + "\"; was the snapshot written for another network? (further such rows of it are not"
                        + " reported)");
            }
            return;
        }
        col += f[2].length() + 1;
        double v;
        try {
            v = Double.parseDouble(f[3]);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v)) {
            problem(n, col, "expected a finite number, found \"" + Messages.clip(f[3]) + "\"");
            slot.given[index] = true; // reported here: not "missing" as well
            return;
        }
        if (slot.given[index]) {
            problem(n, 1, f[0] + " " + f[1] + "[" + index + "] is given twice");
            return;
        }
        slot.given[index] = true;
        slot.values[index] = v;
    }

    /**
     * The next line without its line break (as {@link BufferedReader#readLine}), or null at the
     * end; a line longer than {@link #MAX_LINE} characters is a problem, not a way to run out of
     * memory.
     */
    private String line(BufferedReader in, int number) throws IOException {
        int c = in.read();
        if (c < 0) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (; c >= 0 && c != '\n'; c = in.read()) {
            if (b.length() == MAX_LINE) {
                problem(number, 1, "a line longer than " + MAX_LINE + " characters; expected rows of " + Snapshots.HEADER);
                throw new ConfigException(problems);
            }
            b.append((char) c);
        }
        if (!b.isEmpty() && b.charAt(b.length() - 1) == '\r') {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    private static int index(String s) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        long v = Long.parseLong(s);
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private void missing(Map<String, Map<String, Slot>> slots) {
        for (Map.Entry<String, Map<String, Slot>> layer : slots.entrySet()) {
            for (Map.Entry<String, Slot> e : layer.getValue().entrySet()) {
                boolean[] given = e.getValue().given;
                int count = 0;
                int first = -1;
                for (int i = 0; i < given.length; i++) {
                    if (!given[i]) {
                        count++;
                        first = first < 0 ? i : first;
                    }
                }
                if (count > 0) {
                    problems(Mark.of(file.toString()), (count == given.length ? "all " : count + " of ") + given.length
                            + " values of " + e.getKey() + " of layer '" + layer.getKey() + "' (shape "
                            + e.getValue().target.shape() + ") are missing" + (count < given.length ? ", the first at index "
                            + first : "") + "; was the snapshot written for another network?");
                }
            }
        }
    }

    private void problem(int line, int col, String message) {
        problems(new Mark(file.toString(), line, col), message);
    }

    private void problems(Mark mark, String message) {
        total++;
        if (total <= MAX) {
            problems.add(new Problem(mark, null, message));
        }
    }
}
