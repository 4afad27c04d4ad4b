package io.nnpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads the pipeline's CSV outputs (simple: no quoting) for assertions. */
public final class Csv {
    private final List<String> header;
    private final List<Map<String, String>> rows;

    private Csv(List<String> header, List<Map<String, String>> rows) {
        this.header = header;
        this.rows = rows;
    }

    public static Csv read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<String> header = List.of(lines.get(0).split(",", -1));
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                if (f.length != header.size()) {
                    throw new AssertionError(file + ": row has " + f.length + " fields, header " + header.size() + ": " + line);
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < f.length; i++) {
                    row.put(header.get(i), f[i]);
                }
                rows.add(row);
            }
            return new Csv(header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> header() {
        return header;
    }

    public List<Map<String, String>> rows() {
        return rows;
    }

    /** Values of column {@code value} of the rows matching, in file order. */
    public double[] values(Predicate<Map<String, String>> which) {
        return rows.stream().filter(which).mapToDouble(r -> Double.parseDouble(r.get("value"))).toArray();
    }

    /** Trace values of one tensor of one step: rows with these step, layer and tensor. */
    public double[] trace(long step, String layer, String tensor) {
        double[] v = values(r -> r.get("step").equals(String.valueOf(step)) && r.get("layer").equals(layer)
                && r.get("tensor").equals(tensor));
        if (v.length == 0) {
            throw new AssertionError("no trace rows for step " + step + ", " + layer + " " + tensor);
        }
        return v;
    }
}
