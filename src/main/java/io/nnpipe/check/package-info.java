/**
 * Gradient checking: a backward pass compared with central finite differences, element by
 * element ({@link io.nnpipe.check.FiniteDifferences}), for one tensor or for a whole network and
 * its loss ({@link io.nnpipe.check.NetworkCheck}). Shared by the {@code gradcheck} command and the
 * tests' {@code GradCheck} helper.
 */
package io.nnpipe.check;
