package io.nnpipe.init;

/**
 * The fan-in and fan-out of a parameter, which scale the Xavier/Glorot and He/Kaiming
 * initializers: for a dense weight [in][out], (in, out); for a conv weight [out][in][kh][kw],
 * (in·kh·kw, out·kh·kw), as in PyTorch.
 */
public record Fans(int in, int out) {
}
