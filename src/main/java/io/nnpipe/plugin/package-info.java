/**
 * The plugin SPI and the immutable {@link io.nnpipe.plugin.Registry} of components by kind and
 * id, filled through {@link java.util.ServiceLoader}.
 */
package io.nnpipe.plugin;
