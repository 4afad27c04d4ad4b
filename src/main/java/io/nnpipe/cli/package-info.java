/**
 * The command line: argument parsing, commands, exit codes. The only package that calls {@link
 * java.lang.System#exit}.
 */
package io.nnpipe.cli;
