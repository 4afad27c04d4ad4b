package io.nnpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed reading of one mapping: one message per mistake, at the key, saying expected and found. */
class ParamsTest {

    private static List<String> problems(String yaml, java.util.function.Consumer<Params> reader) {
        Diagnostics d = new Diagnostics();
        Params p = Params.of(YamlLoader.parse("t.yaml", yaml), d, "a test mapping");
        reader.accept(p);
        p.finish();
        return d.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void aMisspeltRequiredKeyIsOneMessageWithTheSuggestion() {
        assertEquals(List.of("t.yaml:2:1: kernal: unknown key 'kernal' (did you mean 'kernel'? 'kernel' is required here)"),
                problems("units: 2\nkernal: 3\n", p -> {
                    p.integer("units", 1, 10);
                    p.integer("kernel", 1, 10);
                }));
    }

    @Test
    void aMissingRequiredKeyIsReportedAtTheMappingWithWhatItShouldHold() {
        assertEquals(List.of("t.yaml:1:1: kernel: missing required key 'kernel' (an integer from 1 to 10)"),
                problems("units: 2\n", p -> {
                    p.integer("units", 1, 10);
                    p.integer("kernel", 1, 10);
                }));
    }

    @Test
    void aRequiredKeyLeftEmptyIsReportedAtItsValue() {
        assertEquals(List.of("t.yaml:1:7: units: expected an integer from 1 to 10, found nothing (null)"),
                problems("units:\n", p -> p.integer("units", 1, 10)));
    }

    @Test
    void aNonMappingIsOneProblemAndItsKeysAreNotMissing() {
        Diagnostics d = new Diagnostics();
        Params p = Params.of(YamlLoader.parse("t.yaml", "[1, 2]"), d, "an optimizer");
        p.integer("units", 1, 10);
        p.number("rate", 0, 1);
        p.string("type");
        p.finish();
        assertEquals(List.of("t.yaml:1:1: (top level): expected an optimizer (a mapping of keys to values), found a list of 2"),
                d.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void anAbsentRequiredSectionIsOneProblem() {
        Diagnostics d = new Diagnostics();
        Params top = Params.of(YamlLoader.parse("t.yaml", "epochs: 1\n"), d, "a config");
        top.integer("epochs", 1, 10);
        Params opt = top.requiredChild("optimizer", "a mapping with 'type'");
        opt.string("type");
        opt.number("learning_rate", 0, 1);
        opt.finish();
        top.finish();
        assertEquals(List.of("t.yaml:1:1: optimizer: missing required key 'optimizer' (a mapping with 'type')"),
                d.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void unknownKeysListWhatIsKnown() {
        assertEquals(List.of("t.yaml:2:1: colour: unknown key 'colour'; known keys here: units"),
                problems("units: 2\ncolour: red\n", p -> p.integer("units", 1, 10)));
    }

    @Test
    void boundsReadAsPeopleWriteThem() {
        assertEquals("a number > 0 and <= 1000000", Numbers.range("a number", Math.ulp(0.0), 1e6));
        assertEquals("a number >= 0 and < 1", Numbers.range("a number", 0, Math.nextDown(1.0)));
        assertEquals("a number from 0 to 1", Numbers.range("a number", 0, 1));
        assertEquals("an integer >= 1", Numbers.range("an integer", 1, Integer.MAX_VALUE));
        assertEquals("a number from 0 to 0.5", Numbers.range("a number", 0, 0.5));
        assertEquals("a number <= 1e-8", Numbers.range("a number", -Double.MAX_VALUE, 1e-8));
    }

    @Test
    void aNumberInQuotesIsTextWithAHint() {
        assertEquals(List.of("t.yaml:1:8: units: expected an integer from 1 to 10, found the string \"3\" (in quotes, so it"
                + " is text; remove the quotes)"), problems("units: \"3\"\n", p -> p.integer("units", 1, 10)));
    }

    @Test
    void aLeadingZeroThatMeansEightToPyYamlIsRefused() {
        // 010 was read as 10; YAML 1.1 (PyYAML) reads 8: one file, two numbers (QA, second pass)
        String hint = " (a leading 0 makes it octal in YAML 1.1, as PyYAML reads it, but decimal in YAML 1.2; write it"
                + " without the 0)";
        assertEquals(List.of("t.yaml:1:8: units: expected an integer from 1 to 10, found the number 010" + hint,
                "t.yaml:2:7: rate: expected a number from 0 to 100, found the number -0_10" + hint),
                problems("units: 010\nrate: -0_10\nsame: 07\nzero: 00\n", p -> {
                    p.integer("units", 1, 10);
                    p.number("rate", 0, 0, 100);
                    assertEquals(7, p.integer("same", 1, 10), "07 is 7 in both");
                    assertEquals(0, p.number("zero", 1, 0, 1), "00 is 0 in both");
                }));
    }

    @Test
    void numberFormsNnpipeDoesNotReadAreNamedAsSuch() {
        String hint = " (YAML 1.1 reads this as a number, but in a form nnpipe does not: base 60, binary or octal; write"
                + " it in decimal)";
        assertEquals(List.of("t.yaml:1:8: units: expected an integer from 1 to 100, found the number 1:30" + hint,
                "t.yaml:2:8: other: expected an integer from 1 to 100, found the number 0b101" + hint),
                problems("units: 1:30\nother: 0b101\n", p -> {
                    p.integer("units", 1, 100);
                    p.integer("other", 1, 100);
                }));
    }

    @Test
    void aNonFiniteIntegerIsNotCalledABase60OrOctalForm() {
        assertEquals(List.of("t.yaml:1:9: epochs: expected an integer from 1 to 100, found the number .nan",
                "t.yaml:2:8: units: expected an integer from 1 to 100, found the number -.inf"),
                problems("epochs: .nan\nunits: -.inf\n", p -> {
                    p.integer("epochs", 1, 100);
                    p.integer("units", 1, 100);
                }));
    }

    @Test
    void nonFiniteAndOutOfRangeNumbersSayWhatWasFound() {
        assertEquals(List.of("t.yaml:1:7: rate: expected a finite number from 0 to 1, found .inf",
                "t.yaml:2:8: decay: expected a number from 0 to 1, found 2.5"), problems("rate: .inf\ndecay: 2.5\n", p -> {
                    p.number("rate", 0, 1);
                    p.number("decay", 0, 0, 1);
                }));
    }

    @Test
    void aSeedTooLargeForSixtyFourBitsNamesTheRange() {
        assertEquals(List.of("t.yaml:1:7: seed: expected an integer from -9223372036854775808 to 9223372036854775807,"
                + " found the number 99999999999999999999999"), problems("seed: 99999999999999999999999\n",
                        p -> p.longValue("seed", 0)));
    }

    @Test
    void typesAreCheckedEverywhere() {
        List<String> found = problems("a: [1]\nb: {x: 1}\nc: yes please\nd: [1, 2, 3]\n", p -> {
            p.integer("a", 0, 5);
            p.string("b");
            p.bool("c", false);
            p.pair("d", new int[] {1, 1}, 1, 5);
        });
        assertEquals(4, found.size(), found.toString());
        assertTrue(found.get(0).endsWith("a: expected an integer from 0 to 5, found a list of 1"), found.get(0));
        assertTrue(found.get(1).endsWith("b: expected a string, found a mapping"), found.get(1));
        assertTrue(found.get(2).endsWith("c: expected true or false, found the string \"yes please\""), found.get(2));
        assertTrue(found.get(3).endsWith("d: expected an integer from 1 to 5 or a list of two such integers, found a list of 3"),
                found.get(3));
    }

    @Test
    void controlCharactersAndHugeKeysCannotGarbleTheReport() {
        assertEquals(List.of("t.yaml:1:1: \\u001b[31mred: unknown key '\\u001b[31mred'; no keys are known here"),
                problems("\"\\e[31mred\": 1\n", p -> { }));
        String huge = "k".repeat(100_000);
        String line = problems("? " + huge + "\n: 1\n", p -> { }).get(0); // an explicit key: plain keys stop at 1024

        assertTrue(line.length() < 300, () -> line.substring(0, 300));
        assertTrue(line.startsWith("t.yaml:1:3: " + "k".repeat(117) + "...: unknown key '" + "k".repeat(40) + "...'"), line);
    }
}
