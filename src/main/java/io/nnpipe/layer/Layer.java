package io.nnpipe.layer;

import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import java.util.List;

/**
 * One stage of a network: a function of its input batch, with its exact derivative.
 *
 * <p>Lifecycle: built for a fixed input shape; {@link #prepare(int)} once with the largest batch;
 * then any number of {@code forward} calls, each training one followed by one {@code backward}
 * on the same buffers. Contract of backward: given {@code io.dy} (dLoss/dy) and the unchanged
 * {@code io.x} and {@code io.y} of the matching forward, it <em>adds</em> dLoss/dθ to each
 * parameter's gradient and, if {@code io.dx} is not null, <em>overwrites</em> it with dLoss/dx.
 * Every sum is accumulated left to right in a fixed index order, so results are the same bits
 * everywhere. A layer instance serves one network; it is not thread-safe.
 */
public interface Layer {

    /** The unique name given in the config (or derived from the type). */
    String name();

    /** The registry id this layer was built from, e.g. {@code conv2d}. */
    String type();

    /** Shape of one input sample. */
    Shape inputShape();

    /** Shape of one output sample. */
    Shape outputShape();

    /** The trainable parameters, in a fixed order (weight before bias). */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Non-trainable state saved with the weights (e.g. batch-norm running statistics), in a fixed
     * order; the optimizer never touches it. Its {@code grad} arrays are unused.
     */
    default List<Parameter> buffers() {
        return List.of();
    }

    /** Sizes any scratch memory for batches of up to {@code maxBatch} samples. */
    default void prepare(int maxBatch) {
    }

    /**
     * How many doubles of scratch memory {@link #prepare(int)} will allocate for {@code maxBatch},
     * computed without allocating (in {@code long}, so an absurd size cannot overflow): the memory
     * check refuses a layer whose scratch would not fit before anything is allocated. 0 if none.
     */
    default long scratchValues(int maxBatch) {
        return 0;
    }

    /** Computes {@code io.y} from {@code io.x} for {@code pass.batch()} samples. */
    void forward(Pass pass, LayerIO io);

    /** Backpropagates {@code io.dy}; see the class contract. */
    void backward(Pass pass, LayerIO io);

    /** A one-line description of the layer's settings for the stage table, e.g. {@code kernel 2x2, stride 2}. */
    default String describe() {
        return "";
    }
}
