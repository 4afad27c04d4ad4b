package io.nnpipe.plugin;

import io.nnpipe.config.Params;
import io.nnpipe.layer.Layer;
import io.nnpipe.layer.LayerIO;
import io.nnpipe.layer.Pass;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import java.util.List;

/**
 * A plugin whose backward is wrong, on the test classpath only (registered in
 * src/test/resources/META-INF/services), for the gradcheck command to catch: layer
 * {@code wrong_gain} computes y = g·x with one trainable {@code gain} g (1.5), and its backward
 * reports dL/dg twice too large (the input gradient g·dy is right) — the kind of slip a plugin
 * author makes.
 */
public final class WrongGradientPlugin implements Plugin {

    @Override
    public String id() {
        return "test-wrong-gradient";
    }

    @Override
    public void register(Registrar r) {
        r.layer("wrong_gain", (Params p, Registry registry) -> ctx -> new WrongGain(ctx.name(), ctx.input(),
                new Parameter("gain", Shape.of(1), new double[] {1.5})));
    }

    private record WrongGain(String name, Shape inputShape, Parameter gain) implements Layer {
        @Override
        public String type() {
            return "wrong_gain";
        }

        @Override
        public Shape outputShape() {
            return inputShape;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(gain);
        }

        @Override
        public void forward(Pass pass, LayerIO io) {
            for (int i = 0; i < pass.batch() * inputShape.size(); i++) {
                io.y()[i] = gain.value()[0] * io.x()[i];
            }
        }

        @Override
        public void backward(Pass pass, LayerIO io) {
            double sum = 0;
            for (int i = 0; i < pass.batch() * inputShape.size(); i++) {
                sum += io.x()[i] * io.dy()[i];
                if (io.dx() != null) {
                    io.dx()[i] = gain.value()[0] * io.dy()[i];
                }
            }
            gain.grad()[0] += 2 * sum; // the defect: a factor of 2 too many
        }
    }
}
