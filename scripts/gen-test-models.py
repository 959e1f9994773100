#!/usr/bin/env python3
"""Generates the test models of test/Models (linalg-on-tensors, as torch-mlir emits them).

Writes, deterministically (fixed seeds, no network):
  test/Models/<model>.mlir                       the model: func.func @forward, FP32 weights as
                                                 arith.constant dense<[...]>, NameLocs on the ops
  test/Models/Inputs/<model>/calib/sample_NNN.npy calibration inputs (8)
  test/Models/Inputs/<model>/eval/input_NNN.npy   held-out inputs (4)
  test/Models/Inputs/<model>/eval/output_NNN.npy  FP32 reference output of @forward on input_NNN,
                                                 computed by the numpy model below
  test/Models/Inputs/<model>/run_main.mlir        @main wrapper running @forward on eval/input_000
  test/Models/Inputs/<model>/manifest.json        shapes, dtypes, tensor ids
  test/Models/README.md

Usage:
  python3 scripts/gen-test-models.py             # (re)generate
  python3 scripts/gen-test-models.py --validate  # also parse, lower, run every model with
                                                 # mlir-runner on every eval input, compare to numpy
  options: --opt PATH (default build/bin/fp8-opt, else mlir-opt), --llvm-dir DIR, --out DIR
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np

from linalg_emitter import GELU_A, GELU_C, LN_EPS, Builder, dense_str, ttype

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N_CALIB = 8
N_EVAL = 4


# ----------------------------------------------------------------------------------------------
# Weights


def kaiming(rng, shape, fan_in):
    return rounded(rng.standard_normal(shape) * np.sqrt(2.0 / fan_in))


def rounded(a):
    # Four decimals keep the files small; the rounded float32 values are the model's weights (the
    # numpy reference reads the same float32 numbers that MLIR parses).
    return (np.round(np.asarray(a, dtype=np.float64), 4) + 0.0).astype(np.float32)


def small_bias(rng, n):
    return rounded(rng.standard_normal(n) * 0.01)


def f64(a):
    return np.asarray(a, dtype=np.float64)


# numpy reference pieces (float64 arithmetic on the float32 weights and inputs)


def np_linear(x, w, b):
    return f64(x) @ f64(w).T + f64(b)


def np_relu(x):
    return np.maximum(x, 0.0)


def np_layer_norm(x, g, b):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + f64(np.float32(LN_EPS))) * f64(g) + f64(b)


def np_conv3x3_nchw(x, w, b):
    n, c, h, wd = x.shape
    xp = np.pad(f64(x), ((0, 0), (0, 0), (1, 1), (1, 1)))
    out = np.zeros((n, w.shape[0], h, wd)) + f64(b)[None, :, None, None]
    for kh in range(3):
        for kw in range(3):
            out += np.einsum("nchw,fc->nfhw", xp[:, :, kh:kh + h, kw:kw + wd], f64(w[:, :, kh, kw]))
    return out


# ----------------------------------------------------------------------------------------------
# Models: each returns dict(mlir=..., ids=..., inputs=(name, shape, dtype), ref=fn, gen_input=fn)


def model_mlp():
    rng = np.random.default_rng(1001)
    dims = [64, 128, 128, 10]
    ws, bs = [], []
    for i in range(3):
        ws.append(kaiming(rng, (dims[i + 1], dims[i]), dims[i]))
        bs.append(small_bias(rng, dims[i + 1]))

    b = Builder("mlp")
    x = "%x"
    b.types[x] = ttype([4, 64])
    h = x
    for i in range(3):
        name = f"fc{i + 1}"
        w = b.tensor_const(ws[i], f"{name}.weight")
        bias = b.tensor_const(bs[i], f"{name}.bias_const")
        h = b.linear(h, w, bias, name)
        if i < 2:
            h = b.relu(h, f"relu{i + 1}")
    mlir = b.finish([x], h)

    def ref(x):
        h = f64(x)
        for i in range(3):
            h = np_linear(h, ws[i], bs[i])
            if i < 2:
                h = np_relu(h)
        return h

    return dict(builder=b, mlir=mlir, in_shape=(4, 64), in_dtype=np.float32, out_shape=(4, 10), ref=ref,
                seed=2001, doc="3-layer MLP 64-128-128-10 (ReLU), nn.Linear as torch-mlir lowers it")


def model_transformer():
    rng = np.random.default_rng(1002)
    T, D, H, DH, F = 16, 64, 4, 16, 128
    P = {}
    P["ln1.g"] = rounded(1.0 + 0.1 * rng.standard_normal(D))
    P["ln1.b"] = rounded(0.1 * rng.standard_normal(D))
    for n in ["q", "k", "v", "out"]:
        P[n + ".w"] = kaiming(rng, (D, D), D)
        P[n + ".b"] = small_bias(rng, D)
    P["ln2.g"] = rounded(1.0 + 0.1 * rng.standard_normal(D))
    P["ln2.b"] = rounded(0.1 * rng.standard_normal(D))
    P["fc1.w"] = kaiming(rng, (F, D), D)
    P["fc1.b"] = small_bias(rng, F)
    P["fc2.w"] = kaiming(rng, (D, F), F)
    P["fc2.b"] = small_bias(rng, D)

    b = Builder("transformer")
    x = "%x"
    b.types[x] = ttype([1, T, D])
    pre = "layer0"
    c = {k: b.tensor_const(v, f"{pre}." + {"q": "attn.q_proj", "k": "attn.k_proj", "v": "attn.v_proj",
                                              "out": "attn.out_proj", "fc1": "ffn.fc1", "fc2": "ffn.fc2",
                                              "ln1": "ln1", "ln2": "ln2"}[k.split(".")[0]]
                              + {"w": ".weight", "b": ".beta" if k.startswith("ln") else ".bias_const",
                                 "g": ".gamma"}[k.split(".")[1]])
         for k, v in P.items()}

    # self-attention block (pre-norm)
    h = b.layer_norm(x, c["ln1.g"], c["ln1.b"], f"{pre}.ln1")
    h2 = b.collapse(h, [[0, 1], [2]])  # [16, 64]
    heads = {}
    for n in ["q", "k", "v"]:
        p = b.linear(h2, c[n + ".w"], c[n + ".b"], f"{pre}.attn.{n}_proj")
        p = b.expand(p, [[0], [1, 2]], [T, H, DH])  # [16, 4, 16]
        heads[n] = b.transpose(p, [1, 0, 2], f"{pre}.attn.{n}_heads")  # [4, 16, 16] (head, token, dim)
    kt = b.transpose(heads["k"], [0, 2, 1], f"{pre}.attn.k_t")  # [4, 16(dim), 16(token)]
    scores = b.named("linalg.batch_matmul", heads["q"], kt, b.zeros([H, T, T]), f"{pre}.attn.qk")
    scale = b.scalar(0.25)
    scores = b.elementwise([scores], lambda a: ([f"%b0 = arith.mulf {a[0]}, {scale} : f32"], "%b0"),
                           f"{pre}.attn.scale")
    # softmax over the key dimension (last)
    probs = b.softmax_last(scores, f"{pre}.attn.softmax")
    av = b.named("linalg.batch_matmul", probs, heads["v"], b.zeros([H, T, DH]), f"{pre}.attn.av")
    merged = b.transpose(av, [1, 0, 2], f"{pre}.attn.merge_heads")  # [16, 4, 16]
    merged = b.collapse(merged, [[0], [1, 2]])  # [16, 64]
    o = b.linear(merged, c["out.w"], c["out.b"], f"{pre}.attn.out_proj")
    o = b.expand(o, [[0, 1], [2]], [1, T, D])
    r1 = b.add(x, o, f"{pre}.residual1")
    # feed-forward block
    h = b.layer_norm(r1, c["ln2.g"], c["ln2.b"], f"{pre}.ln2")
    h = b.collapse(h, [[0, 1], [2]])
    f = b.linear(h, c["fc1.w"], c["fc1.b"], f"{pre}.ffn.fc1")
    f = b.gelu_tanh(f, f"{pre}.ffn.gelu")
    f = b.linear(f, c["fc2.w"], c["fc2.b"], f"{pre}.ffn.fc2")
    f = b.expand(f, [[0, 1], [2]], [1, T, D])
    out = b.add(r1, f, f"{pre}.residual2")
    mlir = b.finish([x], out)

    def ref(x):
        x = f64(x)
        h = np_layer_norm(x, P["ln1.g"], P["ln1.b"]).reshape(T, D)
        q, k, v = (np_linear(h, P[n + ".w"], P[n + ".b"]).reshape(T, H, DH).transpose(1, 0, 2)
                   for n in "qkv")
        s = (q @ k.transpose(0, 2, 1)) * 0.25
        e = np.exp(s - s.max(-1, keepdims=True))
        p = e / e.sum(-1, keepdims=True)
        a = (p @ v).transpose(1, 0, 2).reshape(T, D)
        r1 = x + np_linear(a, P["out.w"], P["out.b"]).reshape(1, T, D)
        h = np_layer_norm(r1, P["ln2.g"], P["ln2.b"]).reshape(T, D)
        f = np_linear(h, P["fc1.w"], P["fc1.b"])
        f = 0.5 * f * (1.0 + np.tanh(f64(GELU_C) * (f + f64(GELU_A) * f ** 3)))
        return r1 + np_linear(f, P["fc2.w"], P["fc2.b"]).reshape(1, T, D)

    return dict(builder=b, mlir=mlir, in_shape=(1, T, D), in_dtype=np.float32, out_shape=(1, T, D), ref=ref,
                seed=2002, doc="One pre-norm transformer encoder layer: d_model 64, 4 heads of 16, FFN 128 "
                               "(GELU, tanh approximation), 16 tokens")


def resnet_weights():
    rng = np.random.default_rng(1003)
    W = {}
    W["stem.w"] = kaiming(rng, (8, 3, 3, 3), 27)
    W["stem.b"] = small_bias(rng, 8)
    W["c1.w"] = kaiming(rng, (8, 8, 3, 3), 72)
    W["c1.b"] = small_bias(rng, 8)
    W["c2.w"] = rounded(kaiming(rng, (8, 8, 3, 3), 72) * np.float32(0.5))
    W["c2.b"] = small_bias(rng, 8)
    W["fc.w"] = kaiming(rng, (10, 8), 8)
    W["fc.b"] = small_bias(rng, 10)
    return W


def model_resnet(layout):
    W = resnet_weights()
    b = Builder(f"resnet_block_{layout}")
    x = "%x"
    in_shape = (1, 3, 16, 16) if layout == "nchw" else (1, 16, 16, 3)
    b.types[x] = ttype(in_shape)

    def cw(w):  # [F, C, KH, KW] -> [KH, KW, C, F] for nhwc_hwcf
        return w if layout == "nchw" else np.ascontiguousarray(w.transpose(2, 3, 1, 0))

    c = {}
    for key, name in [("stem", "stem.conv"), ("c1", "block1.conv1"), ("c2", "block1.conv2")]:
        c[key + ".w"] = b.tensor_const(cw(W[key + ".w"]), f"{name}.weight")
        c[key + ".b"] = b.tensor_const(W[key + ".b"], f"{name}.bias_const")
    c["fc.w"] = b.tensor_const(W["fc.w"], "classifier.weight")
    c["fc.b"] = b.tensor_const(W["fc.b"], "classifier.bias_const")

    h = b.conv3x3(x, c["stem.w"], c["stem.b"], "stem.conv", layout)
    h = b.relu(h, "stem.relu")
    y = b.conv3x3(h, c["c1.w"], c["c1.b"], "block1.conv1", layout)
    y = b.relu(y, "block1.relu1")
    y = b.conv3x3(y, c["c2.w"], c["c2.b"], "block1.conv2", layout)
    y = b.add(y, h, "block1.add")
    y = b.relu(y, "block1.relu2")
    # global average pool
    z = b.scalar(0.0, "0.000000e+00")
    if layout == "nchw":
        omap, iters = ["d0", "d1"], ["parallel", "parallel", "reduction", "reduction"]
    else:
        omap, iters = ["d0", "d3"], ["parallel", "reduction", "reduction", "parallel"]
    s = b.generic([(y, ["d0", "d1", "d2", "d3"])], b.fill(z, [1, 8]), omap, iters,
                  lambda a: ([f"%b0 = arith.addf {a[0]}, {a[1]} : f32"], "%b0"), "pool.sum")
    hw = b.scalar(256.0)
    p = b.elementwise([s], lambda a: ([f"%b0 = arith.divf {a[0]}, {hw} : f32"], "%b0"), "pool")
    out = b.linear(p, c["fc.w"], c["fc.b"], "classifier")
    mlir = b.finish([x], out)

    def ref(x):
        x = f64(x)
        if layout == "nhwc":
            x = x.transpose(0, 3, 1, 2)
        h = np_relu(np_conv3x3_nchw(x, W["stem.w"], W["stem.b"]))
        y = np_relu(np_conv3x3_nchw(h, W["c1.w"], W["c1.b"]))
        y = np_relu(np_conv3x3_nchw(y, W["c2.w"], W["c2.b"]) + h)
        return np_linear(y.mean(axis=(2, 3)), W["fc.w"], W["fc.b"])

    doc = ("ResNet basic block network, %s: stem conv 3->8 3x3 pad 1 + ReLU, residual block (two 3x3 convs "
           "8->8, add, ReLU), global average pool, linear 8->10" % layout.upper())
    if layout == "nhwc":
        doc += "; same weights as resnet_block_nchw (transposed to HWCF), its inputs are the NCHW inputs " \
               "transposed to NHWC and its outputs equal the NCHW model's"
    return dict(builder=b, mlir=mlir, in_shape=in_shape, in_dtype=np.float32, out_shape=(1, 10), ref=ref,
                seed=2003, doc=doc, nhwc_of_nchw=(layout == "nhwc"))


def model_embedding():
    rng = np.random.default_rng(1005)
    table = rounded(rng.standard_normal((100, 32)))  # nn.Embedding initialises N(0, 1)
    pw = kaiming(rng, (32, 32), 32)
    pb = small_bias(rng, 32)
    b = Builder("embedding")
    ids = "%ids"
    b.types[ids] = ttype([2, 8], "i64")
    t = b.tensor_const(table, "embed.weight")
    w = b.tensor_const(pw, "proj.weight")
    bias = b.tensor_const(pb, "proj.bias_const")
    e = b.generic([(ids, ["d0", "d1"])], b.empty([2, 8, 32]), ["d0", "d1", "d2"], ["parallel"] * 3,
                  lambda a: (["%b0 = arith.index_cast %in : i64 to index",
                              "%b1 = linalg.index 2 : index",
                              f"%b2 = tensor.extract {t}[%b0, %b1] : tensor<100x32xf32>"], "%b2"), "embed")
    h = b.collapse(e, [[0, 1], [2]])
    h = b.linear(h, w, bias, "proj")
    out = b.expand(h, [[0, 1], [2]], [2, 8, 32])
    mlir = b.finish([ids], out)

    def ref(ids):
        return np_linear(f64(table)[ids].reshape(16, 32), pw, pb).reshape(2, 8, 32)

    return dict(builder=b, mlir=mlir, in_shape=(2, 8), in_dtype=np.int64, out_shape=(2, 8, 32), ref=ref,
                seed=2005, doc="Embedding lookup of a [100, 32] table (aten.embedding as torch-mlir lowers it) "
                               "followed by a linear 32->32")


MODELS = ["mlp", "transformer", "resnet_block_nchw", "resnet_block_nhwc", "embedding"]


def build(name):
    return {"mlp": model_mlp, "transformer": model_transformer,
            "resnet_block_nchw": lambda: model_resnet("nchw"),
            "resnet_block_nhwc": lambda: model_resnet("nhwc"),
            "embedding": model_embedding}[name]()


# ----------------------------------------------------------------------------------------------
# Inputs


def make_inputs(m):
    rng = np.random.default_rng(m["seed"])
    shape = m["in_shape"]
    if m.get("nhwc_of_nchw"):
        shape = (shape[0], shape[3], shape[1], shape[2])
    def one():
        if m["in_dtype"] == np.int64:
            return rng.integers(0, 100, size=shape, dtype=np.int64)
        return rng.standard_normal(shape).astype(np.float32)
    calib = [one() for _ in range(N_CALIB)]
    evals = [one() for _ in range(N_EVAL)]
    if m.get("nhwc_of_nchw"):
        calib = [np.ascontiguousarray(a.transpose(0, 2, 3, 1)) for a in calib]
        evals = [np.ascontiguousarray(a.transpose(0, 2, 3, 1)) for a in evals]
    return calib, evals


# ----------------------------------------------------------------------------------------------
# Classification of the named ops against the quantization schemes of DESIGN.md section 6.

STANDARD_OPS = {"linalg.matmul", "linalg.batch_matmul", "linalg.conv_2d_nchw_fchw", "linalg.conv_2d_nhwc_hwcf"}


def role(model, tid, op):
    if op in STANDARD_OPS:
        return "standard"
    if tid == "embed":
        return "standard (embedding lookup)"
    if tid.endswith((".ln1", ".ln2")) or tid in ("layer0.ln1", "layer0.ln2"):
        return "extended (layer norm)"
    if "residual" in tid or tid.endswith(".add"):
        return "extended (elementwise add)"
    return ""


def run_main_text(m, name, x):
    t_in = ttype(m["in_shape"], "i64" if m["in_dtype"] == np.int64 else "f32")
    t_out = ttype(m["out_shape"])
    return (f"// Validation wrapper of test/Models/{name}.mlir: runs @forward on eval/input_000.npy and\n"
            f"// prints the result (compare with eval/output_000.npy). Append it to the model:\n"
            f"//   cat test/Models/{name}.mlir test/Models/Inputs/{name}/run_main.mlir \\\n"
            f"//     | fp8-opt %reference-to-llvm \\\n"
            f"//     | mlir-runner -e main -entry-point-result=void %mlir-runner-libs\n"
            f"// (substitutions of test/lit.cfg.py; scripts/gen-test-models.py --validate does this for\n"
            f"// every eval input and compares with a tolerance: printMemrefF32 prints 6 digits).\n"
            f"// Generated by scripts/gen-test-models.py; do not edit.\n"
            f"func.func private @printMemrefF32(tensor<*xf32>)\n"
            f"func.func @main() {{\n"
            f"  %input = arith.constant dense<{dense_str(x)}> : {t_in}\n"
            f"  %output = call @forward(%input) : ({t_in}) -> {t_out}\n"
            f"  %printed = tensor.cast %output : {t_out} to tensor<*xf32>\n"
            f"  call @printMemrefF32(%printed) : (tensor<*xf32>) -> ()\n"
            f"  return\n"
            f"}}\n")


def header(m, name):
    ids = ", ".join(t for t, op in m["builder"].ids if role(name, t, op))
    return (f"// {name}: {m['doc']}.\n"
            f"// Input {ttype(m['in_shape'], 'i64' if m['in_dtype'] == np.int64 else 'f32')}, output "
            f"{ttype(m['out_shape'])}. Quantizable tensor ids: {ids}.\n"
            f"// Generated by scripts/gen-test-models.py (seeded); do not edit. Inputs and the numpy\n"
            f"// reference outputs are in Inputs/{name}/.\n")


def write_all(out_dir):
    results = {}
    for name in MODELS:
        m = build(name)
        text = header(m, name) + m["mlir"]
        with open(os.path.join(out_dir, name + ".mlir"), "w") as f:
            f.write(text)
        d = os.path.join(out_dir, "Inputs", name)
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(os.path.join(d, "calib"))
        os.makedirs(os.path.join(d, "eval"))
        calib, evals = make_inputs(m)
        for i, a in enumerate(calib):
            np.save(os.path.join(d, "calib", f"sample_{i:03d}.npy"), a)
        outs = []
        for i, a in enumerate(evals):
            np.save(os.path.join(d, "eval", f"input_{i:03d}.npy"), a)
            o = m["ref"](a).astype(np.float32)
            assert o.shape == tuple(m["out_shape"]), (name, o.shape)
            assert np.all(np.isfinite(o))
            np.save(os.path.join(d, "eval", f"output_{i:03d}.npy"), o)
            outs.append(o)
        with open(os.path.join(d, "run_main.mlir"), "w") as f:
            f.write(run_main_text(m, name, evals[0]))
        manifest = {
            "model": name + ".mlir", "function": "forward", "description": m["doc"],
            "input": {"shape": list(m["in_shape"]), "dtype": np.dtype(m["in_dtype"]).name},
            "output": {"shape": list(m["out_shape"]), "dtype": "float32"},
            "calib": [f"calib/sample_{i:03d}.npy" for i in range(N_CALIB)],
            "eval": [{"input": f"eval/input_{i:03d}.npy", "output": f"eval/output_{i:03d}.npy"}
                     for i in range(N_EVAL)],
            "tensor_ids": [{"id": t, "op": op, "quantizable": role(name, t, op)} for t, op in m["builder"].ids],
        }
        with open(os.path.join(d, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")
        results[name] = (m, evals, outs)
    write_readme(out_dir, results)
    return results


def write_readme(out_dir, results):
    L = ["# Test models",
         "",
         "Small FP32 networks in linalg-on-tensors form, written the way torch-mlir lowers PyTorch modules,",
         "for the FP8 post-training quantization passes (DESIGN.md sections 5 and 6). Every file has a public",
         "`func.func @forward` with the weights as `arith.constant dense<[...]>` (kaiming-scaled normal, rounded",
         "to 4 decimals; biases small) and a `loc(\"...\")` NameLoc on every op that computes something, so the",
         "tensor ids of the calibration table are the names below.",
         "",
         "**Generated, do not edit**: `/usr/bin/python3 scripts/gen-test-models.py` rewrites this directory",
         "(seeded, deterministic, numpy only); `--validate` also parses every model with fp8-opt, lowers it",
         "with the reference-to-llvm pipeline, runs it with mlir-runner on every eval input and compares",
         "with the numpy reference (max abs error / max |reference| < 1e-4).",
         "",
         "Layout of `Inputs/<model>/` (lit excludes `Inputs`):",
         "",
         "- `calib/sample_000.npy` .. `sample_007.npy`: calibration inputs (standard normal float32; ids:",
         "  uniform int64 in [0, 100)), each one full input of `@forward`;",
         "- `eval/input_000.npy` .. `input_003.npy`: held-out inputs; `eval/output_NNN.npy`: the FP32 reference",
         "  output of `@forward` on `input_NNN`, computed by a numpy implementation of the same network",
         "  (float64 arithmetic on the float32 weights/inputs, stored as float32);",
         "- `run_main.mlir`: a `@main` that runs `@forward` on `eval/input_000` and prints it with",
         "  `printMemrefF32`; append it to the model (`cat model.mlir Inputs/model/run_main.mlir | fp8-opt",
         "  %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs`);",
         "- `manifest.json`: input/output shapes and dtypes, file lists, every tensor id with its op.",
         "",
         "`lit.local.cfg` keeps the model files themselves (which have no RUN lines) out of lit's test",
         "discovery; tests that use them can live next to them under other names.",
         "",
         "Quantizable column: `standard` = quantized by `scheme=standard` (matmul, batch_matmul,",
         "convolutions, embedding lookup); `extended` = added by `scheme=extended`. Weight constants are",
         "named `<op>.weight` (`.bias_const`, `.gamma`, `.beta` for the other parameters), transposes of",
         "nn.Linear weights `<op>.weight_t`. `<op>.bias` after a matmul is torch-mlir's broadcast bias add",
         "(an elementwise add of a constant; not marked, whether `extended` quantizes it is the quantizer's",
         "call); for the convolutions `<op>.bias` broadcasts the bias into the init that the convolution",
         "accumulates into, and `<op>.pad` is the zero padding (stride 1, pad 1), as torch-mlir emits",
         "aten.convolution. In the layer norms, `<ln>` is the final normalize-scale-shift generic;",
         "`<ln>.sum`, `.mean`, `.var_sum`, `.rstd` compute the statistics (biased variance, eps 1e-5).",
         "The lowering and run of `--validate` is the `%reference-to-llvm` substitution of test/lit.cfg.py",
         "(plus --convert-vector-to-llvm); printMemrefF32 prints 6 significant digits, so compare with a",
         "tolerance, not textually.",
         ""]
    for name, (m, _, _) in results.items():
        L += [f"## {name}.mlir", "", m["doc"] + ".", "",
              f"Input `{ttype(m['in_shape'], 'i64' if m['in_dtype'] == np.int64 else 'f32')}`, output "
              f"`{ttype(m['out_shape'])}`.", "",
              "| tensor id | op | quantizable |", "|---|---|---|"]
        for t, op in m["builder"].ids:
            if op == "arith.constant":
                continue
            L.append(f"| `{t}` | `{op}` | {role(name, t, op)} |")
        consts = [t for t, op in m["builder"].ids if op == "arith.constant"]
        L += ["", "Constants: " + ", ".join(f"`{t}`" for t in consts) + ".", ""]
    with open(os.path.join(out_dir, "README.md"), "w") as f:
        f.write("\n".join(L))


LIT_LOCAL = """# The model files of this directory are inputs of tests, not tests (they have no RUN lines).
# Generated by scripts/gen-test-models.py.
config.excludes = set(config.excludes) | {%s}
"""


def write_lit_local(out_dir):
    with open(os.path.join(out_dir, "lit.local.cfg"), "w") as f:
        f.write(LIT_LOCAL % ", ".join(f'"{n}.mlir"' for n in MODELS))


# ----------------------------------------------------------------------------------------------
# Validation

PIPELINE = ['--one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map',
            "--convert-linalg-to-loops", "--buffer-deallocation-pipeline", "--convert-bufferization-to-memref",
            "--expand-strided-metadata", "--lower-affine", "--convert-scf-to-cf", "--convert-vector-to-llvm",
            "--finalize-memref-to-llvm", "--convert-math-to-llvm", "--convert-arith-to-llvm",
            "--convert-cf-to-llvm", "--convert-func-to-llvm", "--convert-index-to-llvm",
            "--reconcile-unrealized-casts"]


def parse_printed(text):
    data = text.split("data =", 1)[1]
    return np.array([float(t) for t in re.findall(r"[-+]?(?:nan|inf|\d+\.?\d*(?:[eE][-+]?\d+)?)", data)])


def validate(out_dir, results, opt, llvm_dir):
    runner = os.path.join(llvm_dir, "bin", "mlir-runner")
    libs = ",".join(os.path.join(llvm_dir, "lib", l) for l in ["libmlir_runner_utils.so",
                                                               "libmlir_c_runner_utils.so"])
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for name, (m, evals, outs) in results.items():
            path = os.path.join(out_dir, name + ".mlir")
            size = os.path.getsize(path)
            r = subprocess.run([opt, path, "-o", os.devnull], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{name}: does not verify:\n{r.stderr}")
                ok = False
                continue
            model = open(path).read()
            for i, (x, ref) in enumerate(zip(evals, outs)):
                main = (open(os.path.join(out_dir, "Inputs", name, "run_main.mlir")).read() if i == 0
                        else run_main_text(m, name, x))
                src = os.path.join(tmp, f"{name}_{i}.mlir")
                with open(src, "w") as f:
                    f.write(model + main)
                r = subprocess.run([opt, src] + PIPELINE, capture_output=True, text=True)
                if r.returncode != 0:
                    print(f"{name}: lowering failed:\n{r.stderr[:4000]}")
                    ok = False
                    break
                r = subprocess.run([runner, "-e", "main", "-entry-point-result=void", f"-shared-libs={libs}"],
                                   input=r.stdout, capture_output=True, text=True)
                if r.returncode != 0:
                    print(f"{name}: mlir-runner failed:\n{r.stderr[:4000]}")
                    ok = False
                    break
                got = parse_printed(r.stdout)
                if got.size != ref.size:
                    print(f"{name}: printed {got.size} values, expected {ref.size}")
                    ok = False
                    break
                err = np.max(np.abs(got - ref.reshape(-1).astype(np.float64)))
                scale = np.max(np.abs(ref))
                rel = err / scale
                good = rel < 1e-4
                ok &= bool(good)
                print(f"{name:20s} {size / 1024:6.1f} KiB  eval {i}: max|out| {scale:.4g}  max abs err {err:.3g}"
                      f"  rel {rel:.3g}  {'OK' if good else 'FAIL'}")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(ROOT, "test", "Models"))
    ap.add_argument("--validate", action="store_true")
    ap.add_argument("--opt", default=None)
    ap.add_argument("--llvm-dir", default="/usr/lib/llvm-22")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    results = write_all(args.out)
    write_lit_local(args.out)
    for name in MODELS:
        size = os.path.getsize(os.path.join(args.out, name + ".mlir"))
        assert size < 400 * 1024, f"{name}.mlir is {size} bytes"
    if args.validate:
        opt = args.opt
        if opt is None:
            opt = os.path.join(ROOT, "build", "bin", "fp8-opt")
            if not os.access(opt, os.X_OK):
                opt = os.path.join(args.llvm_dir, "bin", "mlir-opt")
        print(f"validating with {opt}")
        if not validate(args.out, results, opt, args.llvm_dir):
            sys.exit(1)


if __name__ == "__main__":
    main()
