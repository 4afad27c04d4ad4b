package io.nnpipe.train;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of global step numbers (1-based), written as {@code 1}, {@code 1,5,9}, {@code 10-20},
 * {@code all} or {@code none}. Immutable.
 */
public final class StepSet {
    /** No steps. */
    public static final StepSet NONE = new StepSet(List.of(), false, "none");

    private final List<long[]> ranges;
    private final boolean all;
    private final String text;

    private StepSet(List<long[]> ranges, boolean all, String text) {
        this.ranges = ranges;
        this.all = all;
        this.text = text;
    }

    /**
     * Parses the written form.
     *
     * @throws IllegalArgumentException with a message saying what was expected
     */
    public static StepSet parse(String text) {
        String t = text.trim();
        if (t.equals("all")) {
            return new StepSet(List.of(), true, "all");
        }
        if (t.equals("none") || t.isEmpty()) {
            return NONE;
        }
        List<long[]> ranges = new ArrayList<>();
        for (String part : t.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-', 1);
                long a = Long.parseLong(dash < 0 ? p : p.substring(0, dash).trim());
                long b = dash < 0 ? a : Long.parseLong(p.substring(dash + 1).trim());
                if (a < 1 || b < a) {
                    throw new NumberFormatException();
                }
                ranges.add(new long[] {a, b});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected step numbers from 1 like '1', '1,5,9', '10-20', 'all' or"
                        + " 'none', found \"" + text + "\"");
            }
        }
        return new StepSet(List.copyOf(ranges), false, t);
    }

    public boolean contains(long step) {
        if (all) {
            return true;
        }
        for (long[] r : ranges) {
            if (step >= r[0] && step <= r[1]) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return !all && ranges.isEmpty();
    }

    /**
     * A warning when steps are asked for that a run of {@code lastStep} steps does not reach:
     * none of them (e.g. {@code --trace 500} on a 200-step run, which would leave trace.csv
     * empty), or some ({@code --trace 15-30} on a 21-step run traces 15 to 21: QA's sixth pass
     * found that silent); null when every asked-for step is reached.
     */
    public String unreachedIn(long lastStep) {
        if (isEmpty() || all) {
            return null;
        }
        long first = Long.MAX_VALUE;
        long last = 0;
        for (long[] r : ranges) {
            first = Math.min(first, r[0]);
            last = Math.max(last, r[1]);
        }
        if (first > lastStep) {
            return "no traced step is reached: the run has " + lastStep + " steps, the trace asks for " + text
                    + "; trace.csv will hold only its header";
        }
        long traced = countIn(lastStep);
        return last <= lastStep ? null : "the trace asks for " + text + " but the run has " + lastStep + " steps: "
                + traced + (traced == 1 ? " of them is" : " of them are") + " traced, none after step " + lastStep;
    }

    /** How many of the steps 1 to {@code lastStep} the set holds (overlapping ranges count once). */
    public long countIn(long lastStep) {
        if (all) {
            return lastStep;
        }
        long count = 0;
        long covered = 0; // steps 1..covered are counted
        for (long[] r : ranges.stream().sorted((a, b) -> Long.compare(a[0], b[0])).toList()) {
            long from = Math.max(r[0], covered + 1);
            long to = Math.min(r[1], lastStep);
            if (from <= to) {
                count += to - from + 1;
                covered = to;
            }
        }
        return count;
    }

    @Override
    public String toString() {
        return text;
    }
}
