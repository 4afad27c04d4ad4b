/**
 * Small value types shared by the engine: shapes, parameters with their gradients, and the fixed,
 * seedable random generator.
 */
package io.nnpipe.tensor;
