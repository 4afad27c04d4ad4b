package io.nnpipe.pipeline;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Messages;
import io.nnpipe.config.Node;
import io.nnpipe.config.Params;
import io.nnpipe.loss.Loss;
import io.nnpipe.loss.LossFactory;
import io.nnpipe.optim.OptimizerFactory;
import io.nnpipe.optim.OptimizerSpec;
import io.nnpipe.optim.Schedule;
import io.nnpipe.optim.ScheduleFactory;
import io.nnpipe.plugin.Kind;
import io.nnpipe.plugin.Registry;
import java.util.Map;

/**
 * Reads the config's components that are named by a registry id: the {@code loss}, the
 * {@code optimizer} and its learning-rate {@code schedule}. A loss or schedule is written either
 * as a plain name ({@code loss: mse}) or as a mapping with {@code type} and the component's own
 * keys; an optimizer is always a mapping. An unknown id is reported with a did-you-mean and the
 * known ids; problems go to the {@link Diagnostics} of the {@link Params} given, and each read
 * component's resolved keys are recorded there for the manifest.
 */
final class ComponentReader {
    private final Registry registry;

    ComponentReader(Registry registry) {
        this.registry = registry;
    }

    /** A component's keys, its id ("" when missing or blank: already reported) and where its id stands. */
    private record Named(Params params, String id, Node at) {
    }

    /** The {@code loss} of the config {@code top}, or null after reporting why there is none. */
    Loss loss(Params top) {
        Node n = top.raw("loss");
        if (isAbsent(n)) {
            top.missing("loss", "one of " + Messages.oneOf(registry.ids(Kind.LOSS)));
            return null;
        }
        Named c = read(n, top.diagnostics(), Kind.LOSS, "a loss (a name, or a mapping with 'type')");
        LossFactory f = registry.loss(c.id());
        if (f == null) {
            reportUnknown(c, "loss", Kind.LOSS, top.diagnostics());
            return null;
        }
        Loss loss = f.read(c.params());
        resolve(c, top, "loss");
        return loss;
    }

    /** The optimizer of the {@code optimizer} mapping {@code opt}, or null after reporting why there is none. */
    OptimizerSpec optimizer(Params opt) {
        String id = typeOf(opt, Kind.OPTIMIZER);
        if (id.isEmpty()) {
            return null;
        }
        OptimizerFactory f = registry.optimizer(id);
        if (f == null) {
            opt.error("type", "unknown optimizer '" + Messages.clip(id) + "'" + Messages.didYouMean(id, registry.ids(Kind.OPTIMIZER))
                    + "; known: " + String.join(", ", registry.ids(Kind.OPTIMIZER)));
            return null;
        }
        return f.read(opt);
    }

    /** The {@code schedule} of the {@code optimizer} mapping {@code opt}: constant when absent or not readable. */
    Schedule schedule(Params opt) {
        Node n = opt.raw("schedule");
        if (isAbsent(n)) {
            opt.resolve("schedule", "constant");
            return Schedule.CONSTANT;
        }
        Named c = read(n, opt.diagnostics(), Kind.SCHEDULE, "a schedule (a name, or a mapping with 'type')");
        ScheduleFactory f = registry.schedule(c.id());
        if (f == null) {
            reportUnknown(c, "schedule", Kind.SCHEDULE, opt.diagnostics());
            return Schedule.CONSTANT;
        }
        Schedule schedule = f.read(c.params());
        resolve(c, opt, "schedule");
        return schedule;
    }

    private static boolean isAbsent(Node n) {
        return n == null || n instanceof Node.Scalar s && s.kind() == Node.Kind.NULL;
    }

    /** Reads component node {@code n}: a plain name (no keys of its own) or a mapping with {@code type}. */
    private Named read(Node n, Diagnostics d, Kind kind, String expected) {
        if (n instanceof Node.Scalar s && s.kind() == Node.Kind.STRING) {
            return new Named(new Params(new Node.MapNode(n.mark(), n.path(), Map.of()), d), plainName(s, kind, d), n);
        }
        Params p = Params.of(n, d, expected);
        String id = typeOf(p, kind);
        Node type = p.node().get("type");
        return new Named(p, id, type != null ? type : n);
    }

    /** Reports an unknown id (a missing or blank one has been reported already). */
    private void reportUnknown(Named c, String word, Kind kind, Diagnostics d) {
        if (!c.id().isEmpty()) {
            d.error(c.at(), Messages.unknown(word, c.id(), registry.ids(kind)));
        }
    }

    /** Checks the component's keys and records them, with its type, under {@code key} of {@code parent}. */
    private static void resolve(Named c, Params parent, String key) {
        c.params().finish();
        c.params().resolve("type", c.id());
        parent.resolve(key, c.params().resolved());
    }

    /**
     * The {@code type} of a component mapping, or "" after reporting it missing (a misspelt
     * {@code type} key is folded into one message).
     */
    private String typeOf(Params p, Kind kind) {
        return p.id("type", "one of " + Messages.oneOf(registry.ids(kind)));
    }

    /** The id written as a plain name ({@code loss: mse}), or "" after reporting a blank one. */
    private String plainName(Node.Scalar s, Kind kind, Diagnostics d) {
        if (s.text().isBlank()) {
            d.error(s, "expected one of " + Messages.oneOf(registry.ids(kind)) + ", found an empty name");
            return "";
        }
        return s.text();
    }
}
