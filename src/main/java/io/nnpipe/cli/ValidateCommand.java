package io.nnpipe.cli;

import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.StageTable;
import io.nnpipe.plugin.Registry;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code pipeline validate CONFIG.yaml}: reads and checks the config without training and without
 * touching the disk; prints the stage table ({@link StageTable#text()}) and exits 0 (after the
 * config's likely mistakes as warnings on stderr, shown with {@code -q} too), or reports every
 * problem and exits 2.
 */
final class ValidateCommand {
    private final PrintStream out;
    private final PrintStream err;

    ValidateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        Options options = CommonOptions.base();
        CommandLine cmd = CommonOptions.parse(options, args);
        if (cmd.hasOption("help")) {
            CommonOptions.help(out, "pipeline validate [options] CONFIG.yaml",
                    "Checks a config and prints its stages; trains nothing and writes nothing.", options);
            return Exit.OK;
        }
        if (CommonOptions.answeredInfo(cmd, out)) {
            return Exit.OK;
        }
        Logging.configure(cmd.hasOption("quiet"), cmd.hasOption("verbose"));
        Registry registry = Registry.discover(Main.class.getClassLoader());
        Pipeline p = CommonOptions.read(registry, CommonOptions.config(cmd), CommonOptions.sets(cmd));
        CommonOptions.warn(p);
        out.print(stageTable(p));
        return Exit.OK;
    }

    /** The stage table as text, one line per layer, with a header and a total. */
    static String stageTable(Pipeline p) {
        return StageTable.of(p).text();
    }
}
