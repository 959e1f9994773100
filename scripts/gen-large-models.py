#!/usr/bin/python3
"""Writes realistic-size example models as linalg-on-tensors, the way torch-mlir lowers PyTorch.

Two models, each a public `func.func @forward` whose weights are seeded random `arith.constant`s
(dense hex, the exact float32 bytes, as MLIR prints large constants: fp8-quantize reads them,
include/fp8/Dialect/FP8/IR/ConstantElements.h), with a `loc("...")` name on every op that computes,
so calibration tables, `exclude=` and profiles name them:

  bert    one BERT-base encoder layer (HF BertLayer, post-norm): input hidden states
          [1, seq, hidden]; Q, K, V projections, 12 heads, scores QK^T / sqrt(head_dim), softmax,
          PV, output projection, residual add, layer norm, FFN up (GELU, tanh approximation:
          fp8-cpu-pipeline lowers math.tanh, not math.erf), FFN down, residual add, layer norm.
          Default seq 128, hidden 768, 12 heads of 64, ffn 3072: 6 projection matmuls and 2 batch
          matmuls per call.
  resnet  one ResNet basic block (torchvision BasicBlock, inference): input [1, C, H, W]; 3x3 conv
          (stride 1, zero padding 1 via tensor.pad, bias=False), batch norm with running
          statistics, ReLU, 3x3 conv, batch norm, residual add, ReLU. Default C 128, 28 x 28,
          NCHW/FCHW (linalg.conv_2d_nchw_fchw); --layout nhwc writes NHWC/HWCF.

Files, under --out (default $FP8_BUILD_DIR/models, else build/models):
  <model>.mlir                the model
  <model>/input.npy           one input (seeded standard normal), not among the calibration samples
  <model>/reference.npy       @forward(input) computed by numpy in float64 (the same float32 weights)
  <model>/calib/sample_NNN.npy  calibration samples for fp8-run --calibrate (static PTQ)
  <model>/ids.txt             every named op: tensor id, op

usage: scripts/gen-large-models.py [--models bert,resnet] [--out DIR] [--small] [--calib N]
           [--seq S --hidden D --heads H --ffn F] [--channels C --size HW] [--layout nchw|nhwc]
  --small: the sizes of the CI tests (test/Models/gen-large-models-*.test): bert seq 8, hidden 32,
           2 heads, ffn 64; resnet 8 channels, 8 x 8. Explicit size options override it.
numpy only; deterministic (fixed seeds).
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from linalg_emitter import GELU_A, GELU_C, LN_EPS, Builder, ttype  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FULL = dict(seq=128, hidden=768, heads=12, ffn=3072, channels=128, size=28)
SMALL = dict(seq=8, hidden=32, heads=2, ffn=64, channels=8, size=8)


def f64(a):
    return np.asarray(a, dtype=np.float64)


def normal(rng, shape, std):
    return (rng.standard_normal(shape) * std).astype(np.float32)


# ----------------------------------------------------------------------------------------------
# numpy references (float64 arithmetic on the float32 weights)


def np_layer_norm(x, g, b):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + f64(np.float32(LN_EPS))) * f64(g) + f64(b)


def np_linear(x, w, b):
    return f64(x) @ f64(w).T + f64(b)


def np_conv3x3_nchw(x, w):
    n, _, h, wd = x.shape
    xp = np.pad(f64(x), ((0, 0), (0, 0), (1, 1), (1, 1)))
    out = np.zeros((n, w.shape[0], h, wd))
    for kh in range(3):
        for kw in range(3):
            out += np.einsum("nchw,fc->nfhw", xp[:, :, kh:kh + h, kw:kw + wd], f64(w[:, :, kh, kw]))
    return out


def np_batch_norm_nchw(x, p):
    shape = (1, -1, 1, 1)
    rstd = 1.0 / np.sqrt(f64(p["var"]) + f64(np.float32(LN_EPS)))
    return ((x - f64(p["mean"]).reshape(shape)) * rstd.reshape(shape) * f64(p["gamma"]).reshape(shape)
            + f64(p["beta"]).reshape(shape))


# ----------------------------------------------------------------------------------------------
# Models


def bert(seq, hidden, heads, ffn):
    """HF BertLayer (attention, BertSelfOutput, BertIntermediate, BertOutput), batch 1, no mask.
    Linear weights N(0, 1/fan_in) (activations keep unit scale through the layer), biases and
    layer-norm parameters near their initial values."""
    T, D, H, F = seq, hidden, heads, ffn
    DH = D // H
    rng = np.random.default_rng(14_001)
    P = {}
    for n, (o, i) in [("q", (D, D)), ("k", (D, D)), ("v", (D, D)), ("o", (D, D)),
                      ("up", (F, D)), ("down", (D, F))]:
        P[n + ".w"] = normal(rng, (o, i), 1.0 / np.sqrt(i))
        P[n + ".b"] = normal(rng, (o,), 0.02)
    for n in ("ln1", "ln2"):
        P[n + ".g"] = (1.0 + normal(rng, (D,), 0.05)).astype(np.float32)
        P[n + ".b"] = normal(rng, (D,), 0.05)
    names = {"q": "attention.query", "k": "attention.key", "v": "attention.value",
             "o": "attention.output.dense", "up": "intermediate.dense", "down": "output.dense",
             "ln1": "attention.output.LayerNorm", "ln2": "output.LayerNorm"}

    b = Builder("bert_layer", hex_constants=True)
    x = "%x"
    b.types[x] = ttype([1, T, D])
    c = {}
    for key, arr in P.items():
        n, part = key.split(".")
        suffix = {"w": ".weight", "b": ".bias_const"}[part] if not n.startswith("ln") else \
            {"g": ".gamma", "b": ".beta"}[part]
        c[key] = b.tensor_const(arr, names[n] + suffix)

    h = b.collapse(x, [[0, 1], [2]])  # [T, D]
    heads_of = {}
    for n in ("q", "k", "v"):
        p = b.linear(h, c[n + ".w"], c[n + ".b"], names[n])
        p = b.expand(p, [[0], [1, 2]], [T, H, DH])
        heads_of[n] = b.transpose(p, [1, 0, 2], f"attention.{names[n].split('.')[1]}_heads")  # [H, T, DH]
    kt = b.transpose(heads_of["k"], [0, 2, 1], "attention.key_t")  # [H, DH, T]
    scores = b.named("linalg.batch_matmul", heads_of["q"], kt, b.zeros([H, T, T]), "attention.scores")
    root = b.scalar(float(np.sqrt(DH)))
    scores = b.elementwise([scores], lambda a: ([f"%b0 = arith.divf {a[0]}, {root} : f32"], "%b0"),
                           "attention.scale")
    probs = b.softmax_last(scores, "attention.softmax")
    ctx = b.named("linalg.batch_matmul", probs, heads_of["v"], b.zeros([H, T, DH]), "attention.context")
    ctx = b.transpose(ctx, [1, 0, 2], "attention.merge_heads")  # [T, H, DH]
    ctx = b.collapse(ctx, [[0], [1, 2]])
    o = b.linear(ctx, c["o.w"], c["o.b"], names["o"])
    o = b.expand(o, [[0, 1], [2]], [1, T, D])
    r1 = b.add(o, x, "attention.output.residual")
    a = b.layer_norm(r1, c["ln1.g"], c["ln1.b"], names["ln1"])
    f = b.collapse(a, [[0, 1], [2]])
    f = b.linear(f, c["up.w"], c["up.b"], names["up"])
    f = b.gelu_tanh(f, "intermediate.gelu")
    f = b.linear(f, c["down.w"], c["down.b"], names["down"])
    f = b.expand(f, [[0, 1], [2]], [1, T, D])
    r2 = b.add(f, a, "output.residual")
    out = b.layer_norm(r2, c["ln2.g"], c["ln2.b"], names["ln2"])
    mlir = b.finish([x], out)

    def ref(x):
        x = f64(x)
        h = x.reshape(T, D)
        q, k, v = (np_linear(h, P[n + ".w"], P[n + ".b"]).reshape(T, H, DH).transpose(1, 0, 2)
                   for n in ("q", "k", "v"))
        s = (q @ k.transpose(0, 2, 1)) / f64(np.float32(np.sqrt(DH)))
        e = np.exp(s - s.max(-1, keepdims=True))
        ctx = ((e / e.sum(-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(T, D)
        a = np_layer_norm(x + np_linear(ctx, P["o.w"], P["o.b"]).reshape(1, T, D), P["ln1.g"], P["ln1.b"])
        f = np_linear(a.reshape(T, D), P["up.w"], P["up.b"])
        f = 0.5 * f * (1.0 + np.tanh(f64(GELU_C) * (f + f64(GELU_A) * f ** 3)))
        return np_layer_norm(a + np_linear(f, P["down.w"], P["down.b"]).reshape(1, T, D), P["ln2.g"], P["ln2.b"])

    doc = (f"BERT encoder layer: seq {T}, hidden {D}, {H} heads of {DH}, ffn {F} (GELU tanh), batch 1, "
           f"post-norm")
    return dict(builder=b, mlir=mlir, in_shape=(1, T, D), out_shape=(1, T, D), ref=ref, seed=14_101, doc=doc)


def resnet(channels, size, layout):
    """torchvision BasicBlock (stride 1, no downsample) in eval mode: conv weights kaiming normal
    (ReLU gain), batch-norm running statistics and affine parameters near a trained network's."""
    C, S = channels, size
    rng = np.random.default_rng(14_002)
    W = {}
    for n in ("conv1", "conv2"):
        W[n] = normal(rng, (C, C, 3, 3), np.sqrt(2.0 / (9 * C)))
    for n in ("bn1", "bn2"):
        W[n] = dict(mean=normal(rng, (C,), 0.1), var=rng.uniform(0.5, 1.5, C).astype(np.float32),
                    gamma=(1.0 + normal(rng, (C,), 0.1)).astype(np.float32), beta=normal(rng, (C,), 0.1))

    b = Builder(f"resnet_block_{layout}", hex_constants=True)
    x = "%x"
    in_shape = (1, C, S, S) if layout == "nchw" else (1, S, S, C)
    b.types[x] = ttype(in_shape)
    c = {}
    for n in ("conv1", "conv2"):
        w = W[n] if layout == "nchw" else np.ascontiguousarray(W[n].transpose(2, 3, 1, 0))  # HWCF
        c[n] = b.tensor_const(w, f"layer.{n}.weight")
    for n in ("bn1", "bn2"):
        for part in ("mean", "var", "gamma", "beta"):
            name = {"mean": "running_mean", "var": "running_var", "gamma": "weight", "beta": "bias"}[part]
            c[n + "." + part] = b.tensor_const(W[n][part], f"layer.{n}.{name}")

    def bn(v, n):
        return b.batch_norm(v, c[n + ".mean"], c[n + ".var"], c[n + ".gamma"], c[n + ".beta"], layout,
                            f"layer.{n}")

    y = b.conv3x3(x, c["conv1"], None, "layer.conv1", layout)
    y = b.relu(bn(y, "bn1"), "layer.relu1")
    y = b.conv3x3(y, c["conv2"], None, "layer.conv2", layout)
    y = b.add(bn(y, "bn2"), x, "layer.residual")
    out = b.relu(y, "layer.relu2")
    mlir = b.finish([x], out)

    def ref(x):
        x = f64(x)
        if layout == "nhwc":
            x = x.transpose(0, 3, 1, 2)
        y = np.maximum(np_batch_norm_nchw(np_conv3x3_nchw(x, W["conv1"]), W["bn1"]), 0.0)
        y = np.maximum(np_batch_norm_nchw(np_conv3x3_nchw(y, W["conv2"]), W["bn2"]) + x, 0.0)
        return y if layout == "nchw" else y.transpose(0, 2, 3, 1)

    doc = (f"ResNet basic block, {layout.upper()}: {C} channels, {S} x {S}, two 3x3 convolutions "
           f"(stride 1, pad 1, no bias) with inference batch norm, ReLU, residual add, batch 1")
    return dict(builder=b, mlir=mlir, in_shape=in_shape, out_shape=in_shape, ref=ref, seed=14_102, doc=doc)


# ----------------------------------------------------------------------------------------------


def write(m, name, out, n_calib):
    with open(os.path.join(out, name + ".mlir"), "w") as f:
        f.write(f"// {name}: {m['doc']}.\n"
                f"// Input {ttype(m['in_shape'])}, output {ttype(m['out_shape'])}. Generated by "
                f"scripts/gen-large-models.py (seeded); do not edit.\n")
        f.write(m["mlir"])
    d = os.path.join(out, name)
    os.makedirs(os.path.join(d, "calib"), exist_ok=True)
    for old in os.listdir(os.path.join(d, "calib")):
        os.remove(os.path.join(d, "calib", old))
    rng = np.random.default_rng(m["seed"])
    x = rng.standard_normal(m["in_shape"]).astype(np.float32)
    np.save(os.path.join(d, "input.npy"), x)
    y = m["ref"](x)
    assert y.shape == tuple(m["out_shape"]) and np.all(np.isfinite(y)), name
    np.save(os.path.join(d, "reference.npy"), y.astype(np.float32))
    for i in range(n_calib):
        np.save(os.path.join(d, "calib", f"sample_{i:03d}.npy"),
                rng.standard_normal(m["in_shape"]).astype(np.float32))
    with open(os.path.join(d, "ids.txt"), "w") as f:
        f.writelines(f"{tid} {op}\n" for tid, op in m["builder"].ids)
    size = os.path.getsize(os.path.join(out, name + ".mlir"))
    print(f"{name}.mlir: {m['doc']}; {size / 2**20:.1f} MiB, {n_calib} calibration samples")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    build = os.environ.get("FP8_BUILD_DIR", os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(build, "models"))
    ap.add_argument("--models", default="bert,resnet")
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--calib", type=int, default=4)
    ap.add_argument("--layout", choices=["nchw", "nhwc"], default="nchw")
    for k in FULL:
        ap.add_argument("--" + k, type=int)
    args = ap.parse_args()
    sizes = dict(SMALL if args.small else FULL)
    sizes.update({k: getattr(args, k) for k in FULL if getattr(args, k) is not None})
    if any(v <= 0 for v in sizes.values()) or args.calib < 1:
        ap.error("sizes and --calib must be positive")
    models = args.models.split(",")
    for model in models:
        if model not in ("bert", "resnet"):
            ap.error(f"unknown model '{model}' (bert, resnet)")
    if "bert" in models and sizes["hidden"] % sizes["heads"]:
        ap.error(f"--hidden {sizes['hidden']} is not a multiple of --heads {sizes['heads']}")
    os.makedirs(args.out, exist_ok=True)
    for model in models:
        if model == "bert":
            write(bert(sizes["seq"], sizes["hidden"], sizes["heads"], sizes["ffn"]), "bert", args.out, args.calib)
        else:
            write(resnet(sizes["channels"], sizes["size"], args.layout), "resnet", args.out, args.calib)


if __name__ == "__main__":
    main()
