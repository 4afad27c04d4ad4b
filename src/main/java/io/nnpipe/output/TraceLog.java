package io.nnpipe.output;

import io.nnpipe.train.TraceEntry;
import io.nnpipe.train.TrainListener;
import java.io.Closeable;
import java.util.List;

/**
 * Writes {@code trace.csv}, every intermediate value of the traced steps in long format:
 * {@code epoch,step,sample,phase,layer,tensor,index,value}. {@code sample} is the dataset index
 * (from 1) of the sample a value belongs to, empty for per-step values (parameters, their
 * gradients, the batch's mean loss); {@code index} is the flat row-major index within the tensor.
 */
public final class TraceLog implements TrainListener, Closeable {
    public static final String HEADER = "epoch,step,sample,phase,layer,tensor,index,value";
    private final CsvFile csv;

    /** Starts the file afresh. */
    public TraceLog(RunFolder folder) {
        this(folder, false);
    }

    /** Starts the file afresh, or appends to it when resuming (after {@link Resume} cut it back). */
    public TraceLog(RunFolder folder, boolean append) {
        this.csv = CsvFile.open(folder.file(RunFolder.TRACE), HEADER, append);
    }

    @Override
    public void traced(int epoch, long step, List<TraceEntry> entries) {
        for (TraceEntry e : entries) {
            double[] v = e.values();
            for (int i = 0; i < v.length; i++) {
                CsvFile.Row row = csv.row().add(epoch).add(step);
                if (e.sample() > 0) {
                    row.add(e.sample());
                } else {
                    row.blank();
                }
                row.add(e.phase()).add(e.layer()).add(e.tensor()).add(i).add(v[i]).end();
            }
        }
        csv.flush();
    }

    @Override
    public void close() {
        csv.close();
    }
}
