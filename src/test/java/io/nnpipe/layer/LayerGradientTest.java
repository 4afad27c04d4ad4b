package io.nnpipe.layer;

import io.nnpipe.tensor.Shape;
import io.nnpipe.testing.GradCheck;
import io.nnpipe.testing.Layers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every built-in layer's backward pass agrees with central finite differences. */
class LayerGradientTest {

    @ParameterizedTest(name = "{0} on {1}x{2}x{3}, batch {4}")
    @CsvSource(delimiter = ';', value = {
        "{type: conv2d, out_channels: 2, kernel: 2, stride: 2}; 1; 4; 4; 1",
        "{type: conv2d, out_channels: 3, kernel: 3}; 2; 5; 6; 2",
        "{type: conv2d, out_channels: 2, kernel: 3, stride: 2, padding: 1}; 3; 7; 5; 3",
        "{type: conv2d, out_channels: 2, kernel: [2, 3], stride: [1, 2], padding: [1, 0]}; 2; 4; 5; 2",
        "{type: conv2d, out_channels: 4, kernel: 4}; 2; 4; 4; 2",
        "{type: conv2d, out_channels: 1, kernel: 1, bias: false}; 3; 3; 3; 2",
        "{type: conv2d, out_channels: 2, kernel: 2, padding: 2, weight: {init: normal, std: 0.5}, bias: {init: uniform}}; 1; 3; 3; 2",
        "{type: max_pool2d, kernel: 2}; 2; 4; 4; 2",
        "{type: max_pool2d, kernel: 3, stride: 1}; 1; 5; 5; 2",
        "{type: max_pool2d, kernel: 3, stride: 2, padding: 1}; 2; 5; 6; 2",
        "{type: max_pool2d, kernel: [2, 3], stride: [3, 1]}; 2; 7; 5; 1",
        "{type: max_pool2d, kernel: 4}; 3; 4; 4; 2",
        "{type: flatten}; 2; 3; 4; 3",
    })
    void imageLayerBackwardMatchesFiniteDifferences(String yaml, int c, int h, int w, int batch) {
        for (long seed = 1; seed <= 3; seed++) {
            GradCheck.layer(Layers.build(yaml, Shape.of(c, h, w), seed), batch, seed * 7919);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "{type: dense, units: 3}; 5; 4",
        "{type: dense, units: 1, bias: false}; 7; 3",
        "{type: dense, units: 6, weight: xavier_normal}; 2; 1",
        "{type: relu}; 9; 3",
        "{type: leaky_relu, negative_slope: 0.2}; 9; 3",
        "{type: sigmoid}; 6; 2",
        "{type: tanh}; 6; 2",
        "{type: softmax}; 5; 3",
        "{type: softmax}; 1; 2",
    })
    void vectorLayerBackwardMatchesFiniteDifferences(String yaml, int features, int batch) {
        for (long seed = 1; seed <= 3; seed++) {
            GradCheck.layer(Layers.build(yaml, Shape.of(features), seed), batch, seed * 104729);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{type: relu}", "{type: sigmoid}", "{type: tanh}", "{type: softmax}", "{type: leaky_relu}"})
    void activationsWorkOnImageShapes(String yaml) {
        GradCheck.layer(Layers.build(yaml, Shape.of(2, 3, 3), 5), 2, 99);
    }
}
