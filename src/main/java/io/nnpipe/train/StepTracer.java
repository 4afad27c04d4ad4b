package io.nnpipe.train;

import io.nnpipe.layer.Elementwise;
import io.nnpipe.layer.Layer;
import io.nnpipe.layer.LayerIO;
import io.nnpipe.layer.Pass;
import io.nnpipe.model.Network;
import io.nnpipe.optim.ClippedOptimizer;
import io.nnpipe.optim.Optimizer;
import io.nnpipe.tensor.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Copies every intermediate value of one step, in the order a reader follows the seed document:
 * forward (input, each layer's output), loss (target, per-sample loss), backward from the last
 * layer (gradient at the output, local derivative of element-wise layers, gradient at the input,
 * parameter gradients), and update (with gradient clipping the clip's norm and factor and each
 * clipped gradient; each parameter before and after, then each buffer, such as
 * batch norm's running statistics, before and after the step: its forward pass moved them).
 * Created before the step's forward pass, so that it can keep the buffers as they were.
 */
final class StepTracer {
    private final Network net;
    private final Pass pass;
    private final int[] order;
    private final int start;
    private final List<TraceEntry> entries = new ArrayList<>();
    private final List<double[]> before = new ArrayList<>();
    private final List<double[]> buffersBefore = new ArrayList<>();

    /** Call before the step's forward pass: keeps every layer's buffers as they are. */
    StepTracer(Network net, Pass pass, int[] order, int start) {
        this.net = net;
        this.pass = pass;
        this.order = order;
        this.start = start;
        for (Layer l : net.layers()) {
            for (Parameter b : l.buffers()) {
                buffersBefore.add(b.value().clone());
            }
        }
    }

    void forward(double[] targets, double[] losses, String lossId) {
        perSample("forward", "input", "input", net.input(), net.inputShape().size());
        for (int i = 0; i < net.size(); i++) {
            Layer l = net.layers().get(i);
            perSample("forward", l.name(), "output", net.io(i).y(), l.outputShape().size());
        }
        perSample("loss", lossId, "target", targets, net.outputShape().size());
        perSample("loss", lossId, "loss", losses, 1);
        double mean = 0;
        for (int i = 0; i < pass.batch(); i++) {
            mean += losses[i];
        }
        entries.add(new TraceEntry("loss", lossId, "mean_loss", 0, new double[] {mean / pass.batch()}));
        for (Parameter p : net.parameters()) {
            before.add(p.value().clone());
        }
    }

    void backward() {
        for (int i = net.size() - 1; i >= 0; i--) {
            Layer l = net.layers().get(i);
            LayerIO io = net.io(i);
            perSample("backward", l.name(), "grad_output", io.dy(), l.outputShape().size());
            if (l instanceof Elementwise e) {
                double[] local = new double[pass.batch() * l.outputShape().size()];
                e.localDerivative(pass, io, local);
                perSample("backward", l.name(), "local_grad", local, l.outputShape().size());
            }
            if (io.dx() != null) {
                perSample("backward", l.name(), "grad_input", io.dx(), l.inputShape().size());
            }
            for (Parameter p : l.parameters()) {
                entries.add(new TraceEntry("backward", l.name(), p.name() + ".grad", 0, p.grad().clone()));
            }
        }
    }

    /**
     * Call after the update. With gradient clipping, first the clip's total norm and factor (under
     * the name of the key that set it), then before each parameter's values its gradient as the
     * optimizer used it ({@code .grad_clipped}; the gradient buffers hold the clipped values).
     */
    List<TraceEntry> afterUpdate(Optimizer optimizer) {
        ClippedOptimizer clip = optimizer instanceof ClippedOptimizer c ? c : null;
        if (clip != null && clip.clipping().maxNorm() > 0) {
            entries.add(new TraceEntry("update", "clip_grad_norm", "total_norm", 0, new double[] {clip.lastNorm()}));
            entries.add(new TraceEntry("update", "clip_grad_norm", "clip_coef", 0, new double[] {clip.lastCoefficient()}));
        }
        int k = 0;
        int kb = 0;
        for (Layer l : net.layers()) {
            for (Parameter p : l.parameters()) {
                if (clip != null) {
                    entries.add(new TraceEntry("update", l.name(), p.name() + ".grad_clipped", 0, p.grad().clone()));
                }
                entries.add(new TraceEntry("update", l.name(), p.name() + ".before", 0, before.get(k++)));
                entries.add(new TraceEntry("update", l.name(), p.name() + ".after", 0, p.value().clone()));
            }
            for (Parameter b : l.buffers()) {
                entries.add(new TraceEntry("update", l.name(), b.name() + ".before", 0, buffersBefore.get(kb++)));
                entries.add(new TraceEntry("update", l.name(), b.name() + ".after", 0, b.value().clone()));
            }
        }
        return List.copyOf(entries);
    }

    private void perSample(String phase, String layer, String tensor, double[] buf, int size) {
        for (int s = 0; s < pass.batch(); s++) {
            entries.add(new TraceEntry(phase, layer, tensor, order[start + s] + 1,
                    Arrays.copyOfRange(buf, s * size, (s + 1) * size)));
        }
    }
}
