package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class YamlTextTest {

    private static Object load(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    @Test
    void writesBlockMappingsFlowListsAndListsOfMappings() {
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("type", "conv2d");
        layer.put("kernel", List.of(2, 2));
        layer.put("weight", List.of(List.of(1, -1), List.of(0.5, 1e-7)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", 0L);
        m.put("rate", 0.1);
        m.put("ok", true);
        m.put("none", null);
        m.put("empty", Map.of());
        m.put("layers", List.of(layer, Map.of("type", "relu")));
        m.put("nested", Map.of("sha256", "0a1b2c3d4e5f60718293a4b5c6d7e8f9"));
        assertEquals("""
                seed: 0
                rate: 0.1
                ok: true
                none: null
                empty: {}
                layers:
                  - type: conv2d
                    kernel: [2, 2]
                    weight: [[1, -1], [0.5, 1e-7]]
                  - type: relu
                nested:
                  sha256: "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
                """, YamlText.render(m));
    }

    @Test
    void everyStringReadsBackAsTheSameString() {
        List<String> strings = List.of("plain", "yes", "No", "on", "y", "null", "~", "1", "1e5", "0x1F", "1_000", "12:30",
                ".inf", "-", "- a", "a: b", "a #b", "#c", "", " lead", "trail ", "quote\"s", "back\\slash", "line\nbreak",
                "tab\there", "ünïcödé ✓", "\u0007bell", "[x]", "{y}", "*alias", "&anchor", "!tag", "%dir", "@at", "`tick`",
                "'single'", "?", "a,b", "seed document example, with the document's own arithmetic", "2026-01-01");
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < strings.size(); i++) {
            m.put("k" + i, strings.get(i));
        }
        m.put("list", strings);
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String s : strings) {
            keys.put(s, 1L);
        }
        m.put("keys", keys);
        Object back = load(YamlText.render(m));
        Map<String, Object> expected = new LinkedHashMap<>(m);
        expected.put("keys", normalise(keys));
        assertEquals(normalise(expected), normalise(back));
    }

    @Test
    void numbersReadBackAsTheSameDoubles() {
        List<Object> numbers = List.of(0.1, 1.0 / 3, -2.5e-300, 1.5e21, 123456.789, Double.MAX_VALUE, Double.MIN_VALUE, 7L,
                Long.MAX_VALUE);
        Map<String, Object> m = Map.of("n", numbers);
        List<?> back = (List<?>) ((Map<?, ?>) load(YamlText.render(m))).get("n");
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(((Number) numbers.get(i)).doubleValue(), ((Number) back.get(i)).doubleValue(), 0.0, "number " + i);
        }
        assertEquals("x: [.nan, .inf, -.inf]\n", YamlText.render(Map.of("x", List.of(Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY))));
    }

    /** Numbers as doubles (YAML readers choose Integer, Long or Double by size), maps and lists copied. */
    private static Object normalise(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalise(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(normalise(v)));
            return out;
        }
        return o instanceof Number n ? (Object) n.doubleValue() : o;
    }
}
