/**
 * Turning a config into a checked, runnable {@link io.nnpipe.pipeline.Pipeline}: every key read
 * through the registry, every layer built for its input shape, the data checked against the
 * network.
 */
package io.nnpipe.pipeline;
