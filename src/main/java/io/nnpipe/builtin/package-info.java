/**
 * Registration of the built-in components through the same plugin interface third parties use.
 */
package io.nnpipe.builtin;
