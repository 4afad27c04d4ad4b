package io.nnpipe.cli;

import io.nnpipe.layer.Layer;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Parameter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code pipeline validate CONFIG.yaml}: reads and checks the config without training; prints the
 * stage table (name, type, input and output shapes, parameter count) and the total.
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
        Logging.configure(cmd.hasOption("quiet"), cmd.hasOption("verbose"));
        Registry registry = Registry.discover(Main.class.getClassLoader());
        Pipeline p = CommonOptions.read(registry, CommonOptions.config(cmd), CommonOptions.sets(cmd));
        out.print(stageTable(p));
        return Exit.OK;
    }

    /** The stage table as text, one line per layer, with a header and a total. */
    static String stageTable(Pipeline p) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "name", "type", "input", "output", "params", "settings"});
        int i = 1;
        long total = 0;
        for (Layer l : p.network().layers()) {
            long count = 0;
            for (Parameter q : l.parameters()) {
                count += q.size();
            }
            total += count;
            rows.add(new String[] {String.valueOf(i++), l.name(), l.type(), l.inputShape().toString(),
                    l.outputShape().toString(), String.valueOf(count), l.describe()});
        }
        int[] w = new int[7];
        for (String[] r : rows) {
            for (int c = 0; c < 7; c++) {
                w[c] = Math.max(w[c], r[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            String line = String.format(Locale.ROOT, "%" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %" + w[3] + "s  %"
                    + w[4] + "s  %" + w[5] + "s  %s", (Object[]) r);
            b.append(line.stripTrailing()).append('\n');
        }
        b.append(String.format(Locale.ROOT, "total parameters: %d%n", total));
        b.append(String.format(Locale.ROOT, "training samples: %d%s; loss %s; %d epochs, batch size %d%n",
                p.train().size(), p.test() == null ? "" : ", test samples: " + p.test().size(), p.loss().id(),
                p.settings().epochs(), p.settings().batchSize()));
        return b.toString();
    }
}
