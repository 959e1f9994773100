"""Emits linalg-on-tensors MLIR the way torch-mlir lowers PyTorch modules.

Shared by the generators of shipped models (scripts/gen-test-models.py for test/Models,
scripts/train-digits-models.py for examples/digits) and of the realistic-size benchmark models
(scripts/gen-large-models.py, benchmarks/models.sh): a Builder appends ops with named locations
(`loc("layer.name")`, which become the tensor ids of calibration tables, docs/Quantization.md) and
records every named op, so generators can document the ids. numpy only.
"""

import re

import numpy as np

LN_EPS = 1e-5
# Constants of the tanh approximation of GELU, as float32 (what the IR holds).
GELU_C = np.float32(np.sqrt(2.0 / np.pi))
GELU_A = np.float32(0.044715)

# ----------------------------------------------------------------------------------------------
# Number formatting: shortest decimal that reads back as the same float32, always with a '.', so
# that MLIR parses it as a float literal.


def f32_str(v):
    v = np.float32(v)
    s = np.format_float_positional(v, unique=True, trim="0")
    assert np.float32(s).tobytes() == v.tobytes(), (s, v)
    return s


def dense_str(arr):
    """Nested dense<...> body; the innermost dimension on one line."""
    arr = np.asarray(arr)
    if arr.dtype == np.float32:
        fmt = f32_str
    elif arr.dtype == np.int64:
        fmt = lambda v: str(int(v))
    else:
        raise TypeError(arr.dtype)

    def rec(a, depth):
        if a.ndim == 1:
            return "[" + ", ".join(fmt(v) for v in a) + "]"
        sep = ",\n" + " " * (8 + depth + 1)
        return "[" + sep.join(rec(s, depth + 1) for s in a) + "]"

    return rec(arr, 0)


def ttype(shape, elt="f32"):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + elt + ">"


def amap(ndim, results):
    dims = ", ".join(f"d{i}" for i in range(ndim))
    return f"affine_map<({dims}) -> ({', '.join(results)})>"


def ident(ndim):
    return amap(ndim, [f"d{i}" for i in range(ndim)])


# ----------------------------------------------------------------------------------------------
# A small emitter of linalg-on-tensors IR in torch-mlir's style.


class Builder:
    def __init__(self, name, hex_constants=False):
        """hex_constants: write tensor constants as dense<"0x..."> (the raw little-endian bytes), as
        MLIR prints large elements attributes: exact, and parsed far faster than decimal text,
        which matters for realistic-size weights (scripts/gen-large-models.py)."""
        self.name = name
        self.hex_constants = hex_constants
        self.lines = []
        self.types = {}
        self.count = 0
        self.ids = []  # (id, op) in program order
        self.scalars = {}

    def fresh(self, t):
        v = f"%{self.count}"
        self.count += 1
        self.types[v] = t
        return v

    def emit(self, text, loc=None, op=None):
        if loc is not None:
            assert loc not in [i for i, _ in self.ids], f"duplicate NameLoc {loc}"
            self.ids.append((loc, op or text.split("=", 1)[-1].split()[0]))
            text += f' loc("{loc}")'
        for line in text.split("\n"):
            self.lines.append("  " + line)

    def tensor_const(self, arr, loc=None):
        arr = np.ascontiguousarray(arr)
        elt = "f32" if arr.dtype == np.float32 else "i64"
        t = ttype(arr.shape, elt)
        v = self.fresh(t)
        if self.hex_constants and arr.size > 1:
            body = '"0x' + arr.astype("<" + arr.dtype.str[1:]).tobytes().hex().upper() + '"'
        else:
            body = dense_str(arr)
        self.emit(f"{v} = arith.constant dense<{body}> : {t}", loc, "arith.constant")
        return v

    def scalar(self, value, text=None):
        key = text or f32_str(value)
        if key not in self.scalars:
            v = self.fresh("f32")
            self.emit(f"{v} = arith.constant {key} : f32")
            self.scalars[key] = v
        return self.scalars[key]

    def shape(self, v):
        return [int(d) for d in re.match(r"tensor<(.*)x\w+>", self.types[v]).group(1).split("x")]

    def empty(self, shape):
        v = self.fresh(ttype(shape))
        self.emit(f"{v} = tensor.empty() : {ttype(shape)}")
        return v

    def fill(self, value_ssa, shape):
        e = self.empty(shape)
        v = self.fresh(ttype(shape))
        self.emit(f"{v} = linalg.fill ins({value_ssa} : f32) outs({e} : {ttype(shape)}) -> {ttype(shape)}")
        return v

    def zeros(self, shape):
        return self.fill(self.scalar(0.0, "0.000000e+00"), shape)

    def transpose(self, x, perm, loc=None):
        s = self.shape(x)
        out_shape = [s[p] for p in perm]
        e = self.empty(out_shape)
        v = self.fresh(ttype(out_shape))
        self.emit(f"{v} = linalg.transpose ins({x} : {self.types[x]}) outs({e} : {ttype(out_shape)}) "
                  f"permutation = [{', '.join(map(str, perm))}]", loc, "linalg.transpose")
        return v

    def collapse(self, x, groups):
        s = self.shape(x)
        out_shape = [int(np.prod([s[i] for i in g])) for g in groups]
        v = self.fresh(ttype(out_shape))
        self.emit(f"{v} = tensor.collapse_shape {x} {groups} : {self.types[x]} into {ttype(out_shape)}")
        return v

    def expand(self, x, groups, out_shape):
        v = self.fresh(ttype(out_shape))
        self.emit(f"{v} = tensor.expand_shape {x} {groups} output_shape {list(out_shape)} : "
                  f"{self.types[x]} into {ttype(out_shape)}")
        return v

    def named(self, op, a, b, init, loc, attrs=""):
        v = self.fresh(self.types[init])
        self.emit(f"{v} = {op}{attrs} ins({a}, {b} : {self.types[a]}, {self.types[b]}) "
                  f"outs({init} : {self.types[init]}) -> {self.types[init]}", loc, op)
        return v

    def generic(self, ins, out, out_map, iters, body, loc=None, ndim=None):
        """ins: [(value, results-of-map)], out: init value; body(args) -> (lines, yielded)."""
        ndim = ndim or len(iters)
        maps = [amap(ndim, m) for _, m in ins] + [amap(ndim, out_map)]
        its = ", ".join(f'"{i}"' for i in iters)
        in_vals = [x for x, _ in ins]
        args = ["%in"] + [f"%in_{i}" for i in range(1, len(in_vals))] + ["%out"]
        if not in_vals:
            args = ["%out"]
        arg_types = [self.types[x].split("x")[-1].rstrip(">") for x in in_vals] + ["f32"]
        lines, y = body(args)
        t = self.types[out]
        v = self.fresh(t)
        ins_text = (f"ins({', '.join(in_vals)} : {', '.join(self.types[x] for x in in_vals)}) "
                    if in_vals else "")
        text = (f"{v} = linalg.generic {{indexing_maps = [{', '.join(maps)}], iterator_types = [{its}]}} "
                f"{ins_text}outs({out} : {t}) {{\n"
                f"^bb0({', '.join(f'{a}: {ty}' for a, ty in zip(args, arg_types))}):\n"
                + "".join(f"  {l}\n" for l in lines)
                + f"  linalg.yield {y} : f32\n}} -> {t}")
        self.emit(text, loc, "linalg.generic")
        return v

    # -- composite layers -----------------------------------------------------------------------

    def elementwise(self, xs, body, loc=None, out_shape=None, maps=None):
        """Elementwise generic over same-shaped (or broadcast via maps) inputs."""
        shape = out_shape or self.shape(xs[0])
        n = len(shape)
        maps = maps or [[f"d{i}" for i in range(n)]] * len(xs)
        return self.generic(list(zip(xs, maps)), self.empty(shape), [f"d{i}" for i in range(n)],
                            ["parallel"] * n, body, loc)

    def linear(self, x, w, b, name):
        """torch-mlir's nn.Linear on a 2-D input: transpose of the [out,in] weight, fill, matmul,
        broadcast bias add."""
        n, _ = self.shape(x)
        out = self.shape(w)[0]
        wt = self.transpose(w, [1, 0], f"{name}.weight_t")
        mm = self.named("linalg.matmul", x, wt, self.zeros([n, out]), name)
        return self.elementwise([mm, b], lambda a: ([f"%b0 = arith.addf {a[0]}, {a[1]} : f32"], "%b0"),
                                f"{name}.bias", maps=[["d0", "d1"], ["d1"]])

    def relu(self, x, loc):
        z = self.scalar(0.0, "0.000000e+00")
        return self.elementwise([x], lambda a: ([f"%b0 = arith.maximumf {a[0]}, {z} : f32"], "%b0"), loc)

    def add(self, x, y, loc):
        return self.elementwise([x, y], lambda a: ([f"%b0 = arith.addf {a[0]}, {a[1]} : f32"], "%b0"), loc)

    def reduce_last(self, x, init_ssa, combine, loc, pre=None):
        """Reduces the last dimension of x; pre(args) optionally maps the element first."""
        s = self.shape(x)
        n = len(s)
        init = self.fill(init_ssa, s[:-1])

        def body(a):
            lines, val = pre(a) if pre else ([], a[0])
            lines = lines + [f"%b9 = {combine} {val}, {a[-1]} : f32"]
            return lines, "%b9"

        return self.generic([(x, [f"d{i}" for i in range(n)])], init, [f"d{i}" for i in range(n - 1)],
                            ["parallel"] * (n - 1) + ["reduction"], body, loc)

    def layer_norm(self, x, gamma, beta, name):
        s = self.shape(x)
        n = len(s)
        d = s[-1]
        full = [f"d{i}" for i in range(n)]
        rows = full[:-1]
        z = self.scalar(0.0, "0.000000e+00")
        dn = self.scalar(float(d))
        eps = self.scalar(LN_EPS)
        total = self.reduce_last(x, z, "arith.addf", f"{name}.sum")
        mean = self.elementwise([total], lambda a: ([f"%b0 = arith.divf {a[0]}, {dn} : f32"], "%b0"),
                                f"{name}.mean")
        init = self.fill(z, s[:-1])
        sq = self.generic([(x, full), (mean, rows)], init, rows, ["parallel"] * (n - 1) + ["reduction"],
                          lambda a: ([f"%b0 = arith.subf {a[0]}, {a[1]} : f32",
                                      f"%b1 = arith.mulf %b0, %b0 : f32",
                                      f"%b2 = arith.addf %b1, {a[2]} : f32"], "%b2"), f"{name}.var_sum")
        rstd = self.elementwise([sq], lambda a: ([f"%b0 = arith.divf {a[0]}, {dn} : f32",
                                                  f"%b1 = arith.addf %b0, {eps} : f32",
                                                  f"%b2 = math.rsqrt %b1 : f32"], "%b2"), f"{name}.rstd")
        return self.elementwise(
            [x, mean, rstd, gamma, beta],
            lambda a: ([f"%b0 = arith.subf {a[0]}, {a[1]} : f32",
                        f"%b1 = arith.mulf %b0, {a[2]} : f32",
                        f"%b2 = arith.mulf %b1, {a[3]} : f32",
                        f"%b3 = arith.addf %b2, {a[4]} : f32"], "%b3"),
            name, maps=[full, rows, rows, [full[-1]], [full[-1]]])

    def conv3x3(self, x, w, b, name, layout):
        """torch-mlir's aten.convolution (stride 1, pad 1): tensor.pad, bias broadcast into the
        init (a zero fill when b is None: bias=False), linalg.conv_2d_{nchw_fchw,nhwc_hwcf}
        accumulating into it."""
        s = self.shape(x)
        z = self.scalar(0.0, "0.000000e+00")
        if layout == "nchw":
            lo, out_shape, bmap = [0, 0, 1, 1], [s[0], self.shape(w)[0], s[2], s[3]], ["d1"]
            op = "linalg.conv_2d_nchw_fchw"
        else:
            lo, out_shape, bmap = [0, 1, 1, 0], [s[0], s[1], s[2], self.shape(w)[3]], ["d3"]
            op = "linalg.conv_2d_nhwc_hwcf"
        ps = [d + 2 * p for d, p in zip(s, lo)]
        p = self.fresh(ttype(ps))
        self.emit(f"{p} = tensor.pad {x} low{lo} high{lo} {{\n"
                  f"^bb0(%i0: index, %i1: index, %i2: index, %i3: index):\n"
                  f"  tensor.yield {z} : f32\n"
                  f"}} : {self.types[x]} to {ttype(ps)}", f"{name}.pad", "tensor.pad")
        if b is None:
            init = self.zeros(out_shape)
        else:
            init = self.generic([(b, bmap)], self.empty(out_shape), ["d0", "d1", "d2", "d3"],
                                ["parallel"] * 4, lambda a: ([], a[0]), f"{name}.bias")
        return self.named(op, p, w, init, name,
                          " {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}")

    def batch_norm(self, x, mean, var, gamma, beta, layout, loc, eps=LN_EPS):
        """Inference batch norm (aten.batch_norm with running statistics, as torch-mlir lowers it):
        one generic, (x - mean) * rsqrt(var + eps) * gamma + beta, the four per-channel constants
        broadcast along the channel dimension of the layout."""
        c = ["d1"] if layout == "nchw" else ["d3"]
        full = ["d0", "d1", "d2", "d3"]
        e = self.scalar(eps)
        return self.elementwise(
            [x, mean, var, gamma, beta],
            lambda a: ([f"%b0 = arith.subf {a[0]}, {a[1]} : f32",
                        f"%b1 = arith.addf {a[2]}, {e} : f32",
                        f"%b2 = math.rsqrt %b1 : f32",
                        f"%b3 = arith.mulf %b0, %b2 : f32",
                        f"%b4 = arith.mulf %b3, {a[3]} : f32",
                        f"%b5 = arith.addf %b4, {a[4]} : f32"], "%b5"),
            loc, maps=[full, c, c, c, c])

    def softmax_last(self, x, name):
        """Softmax over the last dimension: max, exp(x - max), sum, divide (torch-mlir's
        decomposition of aten._softmax)."""
        s = self.shape(x)
        n = len(s)
        full, rows = [f"d{i}" for i in range(n)], [f"d{i}" for i in range(n - 1)]
        ninf = self.scalar(None, "0xFF800000")
        mx = self.reduce_last(x, ninf, "arith.maximumf", f"{name}.max")
        ex = self.elementwise([x, mx], lambda a: ([f"%b0 = arith.subf {a[0]}, {a[1]} : f32",
                                                   f"%b1 = math.exp %b0 : f32"], "%b1"),
                              f"{name}.exp", maps=[full, rows])
        sm = self.reduce_last(ex, self.scalar(0.0, "0.000000e+00"), "arith.addf", f"{name}.sum")
        return self.elementwise([ex, sm], lambda a: ([f"%b0 = arith.divf {a[0]}, {a[1]} : f32"], "%b0"),
                                name, maps=[full, rows])

    def gelu_tanh(self, x, loc):
        """GELU, tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
        half, one = self.scalar(0.5), self.scalar(1.0)
        k0, k1 = self.scalar(GELU_C), self.scalar(GELU_A)
        return self.elementwise([x], lambda a: ([f"%b0 = arith.mulf {a[0]}, {a[0]} : f32",
                                                 f"%b1 = arith.mulf %b0, {a[0]} : f32",
                                                 f"%b2 = arith.mulf %b1, {k1} : f32",
                                                 f"%b3 = arith.addf {a[0]}, %b2 : f32",
                                                 f"%b4 = arith.mulf %b3, {k0} : f32",
                                                 f"%b5 = math.tanh %b4 : f32",
                                                 f"%b6 = arith.addf %b5, {one} : f32",
                                                 f"%b7 = arith.mulf {a[0]}, {half} : f32",
                                                 f"%b8 = arith.mulf %b7, %b6 : f32"], "%b8"), loc)

    def max_pool2x2_nchw(self, x, loc):
        """aten.max_pool2d(kernel 2, stride 2) as torch-mlir lowers it: an init filled with -inf,
        linalg.pooling_nchw_max with a 2x2 window tensor."""
        n, c, h, w = self.shape(x)
        out_shape = [n, c, h // 2, w // 2]
        init = self.fill(self.scalar(None, "0xFF800000"), out_shape)
        window = self.fresh(ttype([2, 2]))
        self.emit(f"{window} = tensor.empty() : {ttype([2, 2])}")
        return self.named("linalg.pooling_nchw_max", x, window, init, loc,
                          " {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}")

    def mean_axis(self, x, axis, name):
        """Mean over one axis: a sum reduction into a zero fill, then a divide."""
        s = self.shape(x)
        n = len(s)
        kept = [f"d{i}" for i in range(n) if i != axis]
        out_shape = [d for i, d in enumerate(s) if i != axis]
        iters = ["reduction" if i == axis else "parallel" for i in range(n)]
        total = self.generic([(x, [f"d{i}" for i in range(n)])], self.zeros(out_shape), kept, iters,
                             lambda a: ([f"%b0 = arith.addf {a[0]}, {a[1]} : f32"], "%b0"), f"{name}.sum")
        count = self.scalar(float(s[axis]))
        return self.elementwise([total], lambda a: ([f"%b0 = arith.divf {a[0]}, {count} : f32"], "%b0"), name)

    def finish(self, args, result):
        sig = ", ".join(f"{a}: {self.types[a]}" for a in args)
        return (f"func.func @forward({sig}) -> {self.types[result]} {{\n" + "\n".join(self.lines)
                + f"\n  return {result} : {self.types[result]}\n}}\n")
