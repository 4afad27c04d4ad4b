package io.nnpipe.output;

import io.nnpipe.layer.Layer;
import io.nnpipe.model.Network;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.train.EpochRecord;
import io.nnpipe.train.TrainListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code weights/epoch-NNNN.csv} ({@code layer,param,index,value}; index is the flat
 * row-major index in the parameter's shape; each layer's trainable parameters, then its buffers): the initial values as epoch 0, then every k-th
 * epoch and always the last. Each file is written atomically.
 */
public final class Snapshots implements TrainListener {
    public static final String HEADER = "layer,param,index,value";
    private final RunFolder folder;
    private final int every;
    private final int lastEpoch;

    public Snapshots(RunFolder folder, int every, int lastEpoch) {
        this.folder = folder;
        this.every = every;
        this.lastEpoch = lastEpoch;
    }

    @Override
    public void started(Network network, int startEpoch) {
        if (startEpoch == 0) {
            write(network, 0);
        }
    }

    @Override
    public void epochEnded(EpochRecord r, Network network) {
        if (r.epoch() % every == 0 || r.epoch() == lastEpoch) {
            write(network, r.epoch());
        }
    }

    private void write(Network network, int epoch) {
        AtomicFiles.write(folder.snapshot(epoch), out -> render(network, out));
    }

    /** The snapshot text of a network's current parameters. */
    public static String render(Network network) {
        java.io.StringWriter w = new java.io.StringWriter();
        TextSink sink = new TextSink(w);
        render(network, sink);
        sink.drain();
        return w.toString();
    }

    /** Writes the snapshot text of a network's current parameters to {@code out}. */
    public static void render(Network network, TextSink out) {
        StringBuilder b = out.text().append(HEADER).append('\n');
        for (Layer l : network.layers()) {
            List<Parameter> all = new ArrayList<>(l.parameters());
            all.addAll(l.buffers());
            for (Parameter p : all) {
                double[] v = p.value();
                for (int i = 0; i < v.length; i++) {
                    b.append(l.name()).append(',').append(p.name()).append(',').append(i).append(',');
                    Num.append(b, v[i]).append('\n');
                    out.drainIfFull();
                }
            }
        }
    }
}
