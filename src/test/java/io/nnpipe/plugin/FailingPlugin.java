package io.nnpipe.plugin;

import io.nnpipe.config.Params;
import io.nnpipe.layer.Layer;
import io.nnpipe.layer.LayerIO;
import io.nnpipe.layer.Pass;
import io.nnpipe.tensor.Shape;

/**
 * A plugin with a bug, on the test classpath only (registered in src/test/resources/META-INF/services):
 * layer {@code failing} throws in forward, the way a third-party layer's defect would, and schedule
 * {@code negative_rate} gives a negative learning rate; layer {@code wrong_size} misuses nnpipe's API.
 */
public final class FailingPlugin implements Plugin {

    @Override
    public String id() {
        return "test-failing";
    }

    @Override
    public void register(Registrar r) {
        r.layer("failing", FailingPlugin::read);
        r.layer("wrong_size", (p, reg) -> {
            Shape.of(p.integer("size", 0, -1, 1)); // nnpipe refuses a shape of 0
            return ctx -> null;
        });
        r.schedule("negative_rate", p -> (base, epoch, epochs) -> -base);
    }

    private static LayerSpec read(Params p, Registry registry) {
        return ctx -> new Failing(ctx.name(), ctx.input());
    }

    private record Failing(String name, Shape inputShape) implements Layer {
        @Override
        public String type() {
            return "failing";
        }

        @Override
        public Shape outputShape() {
            return inputShape;
        }

        @Override
        public void forward(Pass pass, LayerIO io) {
            throw new IllegalStateException("a defect in the plugin");
        }

        @Override
        public void backward(Pass pass, LayerIO io) {
        }
    }
}
