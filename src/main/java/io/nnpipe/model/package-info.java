/**
 * The network: a chain of layers with its buffers, forward in order and backward in reverse; and
 * the seed document's non-exact rules, kept in one place.
 */
package io.nnpipe.model;
