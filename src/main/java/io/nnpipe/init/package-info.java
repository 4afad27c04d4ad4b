/**
 * Parameter initializers and the ways a config gives initial values (explicit numbers, an
 * initializer, or none).
 */
package io.nnpipe.init;
