package io.nnpipe.builtin;

import io.nnpipe.init.Initializers;
import io.nnpipe.layer.Activations;
import io.nnpipe.layer.AvgPool2d;
import io.nnpipe.layer.BatchNorm;
import io.nnpipe.layer.Conv2d;
import io.nnpipe.layer.Dense;
import io.nnpipe.layer.Dropout;
import io.nnpipe.layer.Flatten;
import io.nnpipe.layer.MaxPool2d;
import io.nnpipe.layer.Softmax;
import io.nnpipe.loss.BinaryCrossEntropy;
import io.nnpipe.loss.CrossEntropy;
import io.nnpipe.loss.MeanSquaredError;
import io.nnpipe.loss.SigmoidCrossEntropy;
import io.nnpipe.loss.SoftmaxCrossEntropy;
import io.nnpipe.optim.Adam;
import io.nnpipe.optim.AdamW;
import io.nnpipe.optim.RmsProp;
import io.nnpipe.optim.Schedules;
import io.nnpipe.optim.Sgd;
import io.nnpipe.plugin.Plugin;
import io.nnpipe.plugin.Registrar;

/**
 * The components that ship with the pipeline, registered through the same service interface a
 * third-party plugin uses (see {@code META-INF/services/io.nnpipe.plugin.Plugin}).
 */
public final class BuiltinPlugin implements Plugin {

    @Override
    public String id() {
        return "builtin";
    }

    @Override
    public void register(Registrar r) {
        r.layer("conv2d", Conv2d::read);
        r.layer("max_pool2d", MaxPool2d::read);
        r.layer("flatten", Flatten::read);
        r.layer("dense", Dense::read);
        r.layer("relu", Activations.Relu::read);
        r.layer("leaky_relu", Activations.LeakyRelu::read);
        r.layer("sigmoid", Activations.Sigmoid::read);
        r.layer("tanh", Activations.Tanh::read);
        r.layer("softmax", Softmax::read);
        r.layer("avg_pool2d", AvgPool2d::read);
        r.layer("dropout", Dropout::read);
        r.layer("batch_norm", BatchNorm::read);

        r.loss("softmax_cross_entropy", p -> new SoftmaxCrossEntropy());
        r.loss("cross_entropy", p -> new CrossEntropy());
        r.loss("binary_cross_entropy", p -> new BinaryCrossEntropy());
        r.loss("mse", p -> new MeanSquaredError());
        r.loss("sigmoid_cross_entropy", SigmoidCrossEntropy::read);

        r.optimizer("sgd", Sgd::read);
        r.optimizer("adam", Adam::read);
        r.optimizer("adamw", AdamW::read);
        r.optimizer("rmsprop", RmsProp::read);

        Initializers.registerAll(r);
        Schedules.registerAll(r);
    }
}
