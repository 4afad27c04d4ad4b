package io.nnpipe.init;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Messages;
import io.nnpipe.config.Node;
import io.nnpipe.config.Params;
import io.nnpipe.plugin.Kind;
import io.nnpipe.plugin.Registry;

/**
 * Where a parameter's initial values come from, as written under its key (e.g. {@code weight}):
 * explicit nested numbers in the parameter's natural shape; an initializer by id
 * ({@code weight: he_normal}) or with settings ({@code weight: {init: normal, std: 0.1}});
 * {@code false} for an optional parameter that is left out (e.g. {@code bias: false}); or absent,
 * meaning the layer's default initializer.
 */
public sealed interface ParamInit {

    /** Explicit values, checked against the shape when the layer is built. */
    record Values(Node node) implements ParamInit {
    }

    /** Values drawn by an initializer. */
    record Drawn(String id, Initializer initializer) implements ParamInit {
    }

    /** The parameter is switched off. */
    record Off() implements ParamInit {
    }

    /**
     * Reads the key {@code key} of a layer's params.
     *
     * @param defaultInit the initializer id used when the key is absent
     * @param optional whether {@code false} may switch the parameter off
     */
    static ParamInit read(Params params, String key, String defaultInit, boolean optional, Registry registry) {
        Node n = params.raw(key);
        if (n == null || n instanceof Node.Scalar s && s.kind() == Node.Kind.NULL) {
            params.resolve(key, defaultInit);
            return drawn(params, key, defaultInit, null, false, registry);
        }
        if (n instanceof Node.ListNode) {
            params.resolve(key, "explicit values");
            return new Values(n);
        }
        if (n instanceof Node.Scalar s && s.kind() == Node.Kind.BOOL) {
            boolean on = s.text().equalsIgnoreCase("true");
            if (optional && !on) {
                params.resolve(key, false);
                return new Off();
            }
            if (optional) {
                params.resolve(key, defaultInit);
                return drawn(params, key, defaultInit, null, false, registry);
            }
        }
        if (n instanceof Node.Scalar s && s.kind() == Node.Kind.STRING && !s.text().isBlank()) {
            params.resolve(key, s.text());
            return drawn(params, key, s.text(), s, false, registry);
        }
        if (n instanceof Node.MapNode m) {
            Params inner = new Params(m, params.diagnostics());
            String id = inner.id("init", "the initializer: one of " + String.join(", ", registry.ids(Kind.INITIALIZER)));
            if (id.isEmpty()) {
                return new Off(); // the other keys belong to an initializer not named: not judged
            }
            ParamInit result = drawn(inner, "init", id, m.get("init"), true, registry);
            if (result instanceof Drawn) {
                inner.finish(); // an unknown initializer's keys are not judged either (one mistake, one message)
            }
            params.resolve(key, inner.resolved());
            return result;
        }
        params.error(key, "expected explicit values (nested lists of numbers), an initializer name such as"
                + " 'he_normal', or a mapping with 'init'" + (optional ? ", or false" : "") + "; found " + n.describe());
        return new Off();
    }

    /** The initializer {@code id}; its settings are read from {@code settings} only when {@code withSettings}. */
    private static ParamInit drawn(Params settings, String key, String id, Node at, boolean withSettings, Registry registry) {
        InitializerFactory f = id == null ? null : registry.initializer(id);
        if (f == null) {
            if (id != null && !id.isEmpty()) {
                String msg = Messages.unknown("initializer", id, registry.ids(Kind.INITIALIZER));
                if (at != null) {
                    settings.diagnostics().error(at, msg);
                } else {
                    settings.error(msg);
                }
            }
            return new Off();
        }
        if (!withSettings) {
            return byNameOnly(settings, key, id, f);
        }
        return new Drawn(id, f.read(settings));
    }

    /**
     * An initializer named without settings ({@code weight: constant}, or a layer's default). One
     * that needs a setting is reported at the key, saying how to give it: it used to be reported
     * as {@code layers[0].value: missing required key 'value'} at the layer, a key the layer does
     * not have (QA's seventh pass).
     */
    private static ParamInit byNameOnly(Params params, String key, String id, InitializerFactory f) {
        Diagnostics scratch = new Diagnostics();
        Params empty = new Params(new Node.MapNode(params.node().mark(), params.path(key), java.util.Map.of()), scratch);
        Initializer init = f.read(empty);
        empty.finish();
        if (!scratch.hasErrors()) {
            return new Drawn(id, init);
        }
        String needs = scratch.problems().get(0).message();
        params.error(key, params.has(key)
                ? "the initializer '" + id + "' needs settings (" + needs + "); write them as {init: " + id + ", ...}"
                : "the layer's default initializer '" + id + "' needs settings (" + needs + "), which a default cannot"
                        + " give (a defect of the layer's plugin); give '" + key + "' explicitly");
        return new Off();
    }
}
