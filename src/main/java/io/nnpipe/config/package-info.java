/**
 * Reading configuration: YAML text to a positioned {@link io.nnpipe.config.Node} tree (plain data
 * only, with limits), typed and checked access through {@link io.nnpipe.config.Params}, all
 * problems collected in {@link io.nnpipe.config.Diagnostics} and reported together, and {@code
 * --set} overrides.
 */
package io.nnpipe.config;
