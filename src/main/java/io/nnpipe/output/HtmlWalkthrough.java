package io.nnpipe.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The traced step of the run report, laid out like the seed document's walk-through: the forward
 * pass layer by layer (each layer's output), the loss, the backward pass from the last layer
 * (gradient at the output, local derivative, gradient at the input, parameter gradients), and the
 * update (every parameter, then every buffer, before and after the step). It follows the order of
 * {@code trace.csv} itself, so a plugin's extra tensors appear in their place; a batch shows its
 * first {@value #MAX_SAMPLES} samples.
 */
final class HtmlWalkthrough {
    static final int MAX_SAMPLES = 2;

    private HtmlWalkthrough() {
    }

    static void append(StringBuilder b, RunInfo info, TraceStep step) {
        List<Integer> samples = step.samples();
        b.append("<h2 id=\"trace\">Step ").append(step.step()).append(" in detail</h2>\n<p>Epoch ").append(step.epoch())
                .append(", step ").append(step.step()).append("; the batch holds ").append(describe(samples))
                .append(". Every value of this step is in <code>trace.csv</code>");
        if (samples.size() > MAX_SAMPLES) {
            b.append("; the first ").append(MAX_SAMPLES).append(" samples are shown here");
        }
        b.append(". Each grid is one tensor, row-major; red cells are positive, blue negative.</p>\n");
        contents(b, step);
        String phase = null;
        String layer = null;
        List<TraceStep.Tensor> group = new ArrayList<>();
        for (TraceStep.Tensor t : step.tensors()) {
            if (!group.isEmpty() && !sameItem(group.get(0), t)) {
                item(b, info, group, samples);
                group.clear();
            }
            if (!t.phase().equals(phase)) {
                b.append(layer == null ? "" : "</div></div>\n").append("<h3 id=\"").append(anchor(t.phase(), null))
                        .append("\">").append(Html.escape(phaseTitle(t.phase()))).append("</h3>\n");
                phase = t.phase();
                layer = null;
            }
            if (!t.layer().equals(layer)) {
                b.append(layer == null ? "" : "</div></div>\n").append("<div class=\"stage\" id=\"")
                        .append(anchor(t.phase(), t.layer())).append("\">\n<h4>").append(layerTitle(info, t))
                        .append("</h4>\n<div class=\"items\">\n");
                layer = t.layer();
            }
            group.add(t);
        }
        if (!group.isEmpty()) {
            item(b, info, group, samples);
            b.append("</div></div>\n");
        }
    }

    /**
     * A line per phase linking to it and to each of its layers: a traced step of a network with a
     * few wide layers is a page many screens long (QA's sixth pass: ~19,000 px for 8 and 16
     * channels), and a reader looks for one layer's gradient.
     */
    private static void contents(StringBuilder b, TraceStep step) {
        b.append("<nav class=\"contents\">");
        String phase = null;
        String layer = null;
        for (TraceStep.Tensor t : step.tensors()) {
            if (!t.phase().equals(phase)) {
                b.append(phase == null ? "" : "<br>\n").append("<a href=\"#").append(anchor(t.phase(), null)).append("\">")
                        .append(Html.escape(phaseTitle(t.phase()))).append(":</a>");
                phase = t.phase();
                layer = null;
            }
            if (!t.layer().equals(layer)) {
                layer = t.layer();
                b.append(" <a href=\"#").append(anchor(phase, layer)).append("\">").append(Html.escape(layer)).append("</a>");
            }
        }
        b.append("</nav>\n");
    }

    /** The id of a phase's heading (layer null) or of a layer's block within it; unique within the page. */
    private static String anchor(String phase, String layer) {
        return Html.escape("trace-" + phase + (layer == null ? "" : "-" + layer));
    }

    /** Tensors of the same phase, layer and name (one per sample) form one item. */
    private static boolean sameItem(TraceStep.Tensor a, TraceStep.Tensor b) {
        return a.phase().equals(b.phase()) && a.layer().equals(b.layer()) && a.name().equals(b.name());
    }

    private static void item(StringBuilder b, RunInfo info, List<TraceStep.Tensor> group, List<Integer> samples) {
        TraceStep.Tensor first = group.get(0);
        var shape = info.shapeOf(first);
        b.append("<div class=\"item\"><div class=\"what\">").append(Html.escape(tensorTitle(first.name())));
        if (shape.size() > 1) {
            b.append(" <small>").append(Html.escape(shape.toString())).append("</small>");
        }
        b.append("</div>");
        if (first.values().length == 1 && group.size() == 1) {
            b.append("<div class=\"value\">").append(Html.number(first.values()[0], 6)).append("</div></div>\n");
            return;
        }
        b.append("<div class=\"samples\">");
        for (TraceStep.Tensor t : group) {
            if (t.sample() > 0 && samples.indexOf(t.sample()) >= MAX_SAMPLES) {
                continue;
            }
            b.append("<div class=\"sample\">");
            if (t.sample() > 0 && samples.size() > 1) {
                b.append("<div class=\"label\">sample ").append(t.sample()).append("</div>");
            }
            b.append(HtmlTensors.html(t.values(), info.shapeOf(t))).append("</div>");
        }
        b.append("</div></div>\n");
    }

    private static String describe(List<Integer> samples) {
        if (samples.size() == 1) {
            return "sample " + samples.get(0) + " of the training set";
        }
        StringBuilder b = new StringBuilder(samples.size() + " samples (");
        for (int i = 0; i < Math.min(samples.size(), 8); i++) {
            b.append(i > 0 ? ", " : "").append(samples.get(i));
        }
        return b.append(samples.size() > 8 ? ", …)" : ")").toString();
    }

    private static String phaseTitle(String phase) {
        return switch (phase) {
            case "forward" -> "1. Forward pass";
            case "loss" -> "2. Loss";
            case "backward" -> "3. Backward pass, from the last layer";
            case "update" -> "4. Update";
            default -> phase;
        };
    }

    private static String layerTitle(RunInfo info, TraceStep.Tensor t) {
        RunInfo.LayerShapes l = info.layers().get(t.layer());
        String name = Html.escape(t.layer());
        if (t.phase().equals("loss")) {
            return "loss: " + name;
        }
        if (l == null) {
            return name;
        }
        int index = new ArrayList<>(info.layers().keySet()).indexOf(t.layer()) + 1;
        return String.format(Locale.ROOT, "%d. %s <small>%s, %s → %s</small>", index, name, Html.escape(l.type()),
                l.input(), l.output());
    }

    /** What a traced tensor is, in words, with its name in {@code trace.csv}. */
    static String tensorTitle(String name) {
        int dot = name.lastIndexOf('.');
        String param = dot < 0 ? name : name.substring(0, dot);
        return switch (dot < 0 ? name : name.substring(dot + 1)) {
            case "input" -> "input x";
            case "output" -> "output y";
            case "target" -> "target";
            case "loss" -> "loss of each sample";
            case "mean_loss" -> "mean loss of the batch (the step's loss)";
            case "grad_output" -> "dL/dy, gradient at the output (grad_output)";
            case "local_grad" -> "dy/dx, local derivative of each element (local_grad)";
            case "grad_input" -> "dL/dx, gradient at the input (grad_input)";
            case "grad" -> "dL/d" + param + ", gradient of " + param + " (" + name + ")";
            case "grad_clipped" -> "gradient of " + param + " after clipping, as the optimizer used it (" + name + ")";
            case "total_norm" -> "total norm of all parameter gradients";
            case "clip_coef" -> "factor every gradient was multiplied by, min(1, max_norm / (total_norm + 1e-6))";
            // parameters change in the update, buffers (batch norm's running statistics) in the forward pass
            case "before" -> param + " before this step";
            case "after" -> param + " after this step";
            default -> name;
        };
    }
}
