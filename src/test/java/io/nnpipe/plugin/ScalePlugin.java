package io.nnpipe.plugin;

import io.nnpipe.config.Params;
import io.nnpipe.layer.Layer;
import io.nnpipe.layer.LayerIO;
import io.nnpipe.layer.Pass;
import io.nnpipe.tensor.Shape;

/**
 * A third-party-style plugin living only on the test classpath (registered in
 * src/test/resources/META-INF/services): layer {@code scale} multiplies by a constant {@code factor}.
 */
public final class ScalePlugin implements Plugin {

    @Override
    public String id() {
        return "test-scale";
    }

    @Override
    public void register(Registrar r) {
        r.layer("scale", ScalePlugin::read);
    }

    private static LayerSpec read(Params p, Registry registry) {
        double factor = p.number("factor", -1e6, 1e6);
        return ctx -> new Scale(ctx.name(), ctx.input(), factor);
    }

    private record Scale(String name, Shape inputShape, double factor) implements Layer {
        @Override
        public String type() {
            return "scale";
        }

        @Override
        public Shape outputShape() {
            return inputShape;
        }

        @Override
        public void forward(Pass pass, LayerIO io) {
            for (int i = 0; i < pass.batch() * inputShape.size(); i++) {
                io.y()[i] = factor * io.x()[i];
            }
        }

        @Override
        public void backward(Pass pass, LayerIO io) {
            if (io.dx() != null) {
                for (int i = 0; i < pass.batch() * inputShape.size(); i++) {
                    io.dx()[i] = factor * io.dy()[i];
                }
            }
        }
    }
}
