package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a command's {@code --help} lists, it accepts: {@code --version} and {@code --list-plugins}
 * answer without a config on every command that lists them (QA's fourth pass: {@code validate},
 * {@code evaluate} and {@code report} listed both and then asked for CONFIG.yaml or --weights).
 */
class HelpOptionsTest {
    @ParameterizedTest
    @ValueSource(strings = {"train", "validate", "evaluate", "predict", "verify", "report", "gradcheck"})
    void everyCommandAnswersTheVersionOptionItsHelpLists(String command) {
        assertTrue(Cli.run(command, "--help").out().contains("--version"), command);
        Cli.Result r = Cli.run(command, "--version");
        assertEquals(Exit.OK, r.exit(), r.toString());
        assertEquals(CommonOptions.version() + System.lineSeparator(), r.out());
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "validate", "evaluate", "predict", "verify", "report", "gradcheck"})
    void everyCommandListsThePluginsWhenItsHelpSaysItDoes(String command) {
        assertTrue(Cli.run(command, "--help").out().contains("--list-plugins"), command);
        Cli.Result r = Cli.run(command, "--list-plugins");
        assertEquals(Exit.OK, r.exit(), r.toString());
        assertTrue(r.out().startsWith("plugins: builtin"), r.out());
        assertTrue(r.out().contains("  conv2d "), r.out());
        assertEquals("", r.err());
    }
}
