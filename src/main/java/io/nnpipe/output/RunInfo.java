package io.nnpipe.output;

import io.nnpipe.layer.Layer;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.StageTable;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the run report says about a run besides its CSV files: the config as written and the
 * overrides given, the stage table, and the shape of every tensor a trace can hold (so the trace's
 * flat values can be laid out as matrices). Read from the pipeline before training.
 *
 * @param name the run's name (the config file's name without extension)
 * @param description the config's {@code description}, or empty
 * @param configFile the config file as given on the command line
 * @param configText the config file's text, as written
 * @param overrides the {@code --set} overrides, in order
 * @param stages the stage table
 * @param input the shape of one input sample
 * @param layers the shapes of each layer, by layer name, in network order
 */
public record RunInfo(String name, String description, String configFile, String configText, List<String> overrides,
        StageTable stages, Shape input, Map<String, LayerShapes> layers) {

    /** One layer's input, output and parameter shapes (parameters by name, in order). */
    public record LayerShapes(String type, Shape input, Shape output, Map<String, Shape> parameters) {
    }

    public RunInfo {
        overrides = List.copyOf(overrides);
        layers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    }

    /** The info of a pipeline read from {@code config} with {@code overrides}; reads the config's text. */
    public static RunInfo read(Pipeline p, Path config, List<String> overrides) {
        try {
            // lenient decoding: the text is shown to a person, and the YAML reader has already judged it
            return of(p, config.toString(), new String(Files.readAllBytes(config), StandardCharsets.UTF_8), overrides);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config + ": " + e.getMessage(), e);
        }
    }

    public static RunInfo of(Pipeline p, String configFile, String configText, List<String> overrides) {
        Map<String, LayerShapes> layers = new LinkedHashMap<>();
        for (Layer l : p.network().layers()) {
            Map<String, Shape> params = new LinkedHashMap<>();
            for (Parameter q : l.parameters()) {
                params.put(q.name(), q.shape());
            }
            layers.put(l.name(), new LayerShapes(l.type(), l.inputShape(), l.outputShape(), params));
        }
        Object description = p.resolved().get("description");
        return new RunInfo(p.name(), description == null ? "" : description.toString(), configFile, configText,
                overrides, StageTable.of(p), p.network().inputShape(), layers);
    }

    /** The output shape of the last layer: the shape of a target. */
    public Shape output() {
        Shape out = input;
        for (LayerShapes l : layers.values()) {
            out = l.output();
        }
        return out;
    }

    /**
     * The shape of a traced tensor, from its layer and name (see {@code TraceLog}); a flat vector
     * when the name is not one the trace writes (a plugin's own tensors).
     */
    public Shape shapeOf(TraceStep.Tensor t) {
        LayerShapes l = layers.get(t.layer());
        Shape shape = null;
        if (t.layer().equals("input") && t.name().equals("input")) {
            shape = input;
        } else if (t.phase().equals("loss")) {
            shape = t.name().equals("target") ? output() : null;
        } else if (l != null) {
            shape = switch (t.name()) {
                case "output", "grad_output", "local_grad" -> l.output();
                case "grad_input" -> l.input();
                default -> l.parameters().get(t.name().replaceFirst("\\.(grad|grad_clipped|before|after)$", ""));
            };
        }
        return shape != null && shape.size() == t.values().length ? shape : Shape.of(Math.max(1, t.values().length));
    }
}
