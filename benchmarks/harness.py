#!/usr/bin/python3
"""Inputs, checks and the results tables of benchmarks/run.sh and
benchmarks/models.sh.

The shell scripts measure; this file writes the modules and .npy inputs,
checks what the FP8 flow produced, and turns the measurements (a records
file, one whitespace-separated record a line) into the table.

usage: harness.py ptq-module M K N OUT.mlir     f32 linalg.matmul, weights as a constant
       harness.py activation M K OUT.npy        f32 standard normal
       harness.py codes ROWS COLS OUT.npy       random finite E4M3 codes (uint8)
       harness.py verify-ptq PTQ.mlir M K N     the PTQ output is what is timed
       harness.py check-fp8 FP8OPT FP8RUN DIR   FP8 result of a small shape vs numpy
       harness.py table RECORDS [OUT.txt]       prints the table (and writes OUT)
       harness.py rel-l2 OUT.npy REF.npy [BOUND]  ||OUT - REF|| / ||REF|| (OK|FAIL)
       harness.py model-ops MODULE.mlir         what computes in a quantized model
       harness.py models-table RECORDS [OUT.txt]  the table of models.sh
"""
import math
import re
import subprocess
import sys

import numpy as np

# --- inputs ---------------------------------------------------------------


def weights(k, n):
    """The f32 weights of a K x N layer (deterministic per shape)."""
    rng = np.random.default_rng(k * 100003 + n)
    return (rng.standard_normal((k, n), dtype=np.float32) * 0.02).astype(np.float32)


def ptq_module(m, k, n, out):
    """A model's layer as a compiler front end emits it: an f32
    linalg.matmul of the activation (the argument) by weights that are a
    constant, as in a deployed model, so that fp8-quantize quantizes them at
    compile time (per output channel) and fp8-fuse folds them to FP8 codes.

    Why a dense hex constant: fp8-quantize (mode=dynamic) quantizes a weight
    that is a function argument with fp8.dynamic_quantize inside the call
    (re-quantizing it every call: not a deployed model, and the f32 weights
    cross memory each call); a weight in dense_resource is not recognized as
    a constant's values (the scale it gets is garbage and fp8.quantize of the
    f32 weights stays in the call). A dense<"0x..."> constant parses about as
    fast as a blob (no decimal text), and what is timed is the PTQ output
    verbatim (verify-ptq checks it).
    """
    with open(out, "w") as f:
        f.write(f"func.func @mm(%a: tensor<{m}x{k}xf32>) -> tensor<{m}x{n}xf32> {{\n"
                f'  %w = arith.constant dense<"0x')
        f.write(weights(k, n).tobytes().hex().upper())
        f.write(f'"> : tensor<{k}x{n}xf32>\n'
                f"  %z = arith.constant dense<0.0> : tensor<{m}x{n}xf32>\n"
                f"  %r = linalg.matmul ins(%a, %w : tensor<{m}x{k}xf32>, tensor<{k}x{n}xf32>)"
                f" outs(%z : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>\n"
                f"  return %r : tensor<{m}x{n}xf32>\n}}\n")


def activation(m, k, out):
    rng = np.random.default_rng(m * 7 + k)
    np.save(out, rng.standard_normal((m, k), dtype=np.float32))


def codes(rows, cols, out):
    rng = np.random.default_rng(0)
    c = rng.integers(0, 0x78, size=(rows, cols)).astype(np.uint8)
    c |= rng.integers(0, 2, size=(rows, cols)).astype(np.uint8) << 7
    np.save(out, c)


# --- checks ---------------------------------------------------------------


def ptq_lines(path):
    """The module's lines with long hex strings cut short."""
    with open(path) as f:
        for line in f:
            yield re.sub(r'"0x([0-9A-F]{16})[0-9A-F]*"', r'"0x\1..."', line.rstrip("\n"))


def verify_ptq(path, m, k, n):
    """What is timed must be the deployed form: the activation (the only
    argument) dynamically quantized in the call, the weights FP8 codes made
    at compile time, one fp8.scaled_matmul, nothing of the f32 matmul left."""
    text = "\n".join(ptq_lines(path))
    problems = []
    if not re.search(rf"func\.func @mm\(%arg0: tensor<{m}x{k}xf32>\) ->", text):
        problems.append("the function's only argument is not the activation")
    if not re.search(r"fp8\.dynamic_quantize %arg0 ", text):
        problems.append("no fp8.dynamic_quantize of the activation")
    weight = re.search(rf'(%\S+) = arith\.constant dense<"0x[0-9A-F.]*"> : tensor<{k}x{n}xf8E4M3FN>', text)
    if not weight:
        problems.append(f"no FP8 constant of the weights (tensor<{k}x{n}xf8E4M3FN>)")
    matmuls = re.findall(r"fp8\.scaled_matmul (\S+), (\S+) ", text)
    if len(matmuls) != 1:
        problems.append(f"{len(matmuls)} fp8.scaled_matmul (expected 1)")
    elif weight and matmuls[0][1] != weight.group(1):
        problems.append("fp8.scaled_matmul does not read the FP8 weight constant")
    for left in ("linalg.matmul", "fp8.quantize ", "fp8.dequantize"):
        if left in text:
            problems.append(f"'{left.strip()}' is left in the module")
    if re.search(rf'arith\.constant dense<"0x[0-9A-F.]*"> : tensor<{k}x{n}xf32>', text):
        problems.append("the f32 weights are left in the module")
    if problems:
        sys.exit(f"verify-ptq: {path}: " + "; ".join(problems))


def check_fp8(fp8opt, fp8run, work):
    """One small odd shape through the same flow as the benchmark, against
    numpy's f32 product. E4M3 keeps 3 fraction bits: each operand is within
    2^-4 of its value (relative, normal range), so each product is within
    0.13 of its magnitude; subnormals (below 2^-6 of the scale's range) add
    at most scale * 2^-10 per operand."""
    m, k, n = 37, 129, 53
    ptq_module(m, k, n, f"{work}/check.mlir")
    activation(m, k, f"{work}/check_a.npy")
    subprocess.run([fp8opt, "--fp8-ptq-pipeline=mode=dynamic",
                    "--mlir-print-elementsattrs-with-hex-if-larger=64",
                    f"{work}/check.mlir", "-o", f"{work}/check.ptq.mlir"], check=True)
    verify_ptq(f"{work}/check.ptq.mlir", m, k, n)
    subprocess.run([fp8run, f"{work}/check.ptq.mlir", "--input", f"{work}/check_a.npy",
                    "--output-dir", work, "--quiet"], check=True, stdout=subprocess.DEVNULL)
    c = np.load(f"{work}/mm_result0.npy").astype(np.float64)
    a = np.load(f"{work}/check_a.npy").astype(np.float64)
    w = weights(k, n).astype(np.float64)
    reference = a @ w
    magnitude = np.abs(a) @ np.abs(w)
    amax_a = np.abs(a).max(axis=1, keepdims=True)
    amax_w = np.abs(w).max(axis=0, keepdims=True)
    bound = 0.13 * magnitude + k * 2 * amax_a * amax_w * 2.0**-10 / 448
    error = np.abs(c - reference)
    rms = math.sqrt(np.mean(error**2) / np.mean(reference**2))
    worst = float((error / bound).max())
    ok = worst <= 1.0 and c.shape == (m, n)
    print(f"{m}x{k}x{n} rms_rel_err {rms:.3g} worst_err/bound {worst:.3g} {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


# --- table ----------------------------------------------------------------


def read_records(path):
    """(KIND, [FIELDS...]) of each non-empty line of a records file."""
    with open(path) as f:
        for line in f:
            fields = line.split()
            if fields:
                yield fields[0], fields[1:]


class Records:
    def __init__(self, path):
        self.machine, self.limits, self.checks, self.notes = {}, {}, [], []
        self.runs = {}  # (shape, peer, threads) -> (ms, detail)
        self.shapes = []
        self.paths, self.path_shapes, self.path_names = {}, [], []
        self.blas_candidates, self.quantize = [], {}
        for kind, rest in read_records(path):
            if kind == "machine":
                self.machine[rest[0]] = " ".join(rest[1:])
            elif kind == "limit":  # NAME THREADS VALUE | NAME - unsupported
                if rest[1] != "-":
                    self.limits[(rest[0], int(rest[1]))] = float(rest[2])
            elif kind == "check":
                self.checks.append((rest[0], " ".join(rest[1:])))
            elif kind == "blas_core":  # REQUESTED REPORTED MS
                self.blas_candidates.append((rest[0], rest[1], float(rest[2])))
            elif kind == "run":  # SHAPE PEER THREADS MS|unsupported DETAIL...
                shape = rest[0]
                if shape not in self.shapes:
                    self.shapes.append(shape)
                ms = None if rest[3] in ("unsupported", "-") else float(rest[3])
                self.runs[(shape, rest[1], int(rest[2]))] = (ms, " ".join(rest[4:]))
            elif kind == "path":  # SHAPE PATH MS
                if rest[0] not in self.path_shapes:
                    self.path_shapes.append(rest[0])
                if rest[1] not in self.path_names:
                    self.path_names.append(rest[1])
                self.paths[(rest[0], rest[1])] = float(rest[2]) if rest[2] != "-" else None
            elif kind == "quantize":  # WHO THREADS GB/s
                self.quantize[(rest[0], rest[1])] = float(rest[2])
            elif kind == "note":
                self.notes.append(" ".join(rest))


def dims(shape):
    return tuple(int(x) for x in shape.split("x"))


def gflops(shape, ms):
    m, k, n = dims(shape)
    return 2.0 * m * k * n / (ms * 1e-3) / 1e9


def fmt(value, digits=1):
    if value is None:
        return "-"
    return f"{value:.{digits}f}"


def table(records_path, out=None):
    r = Records(records_path)
    lines = []
    emit = lines.append
    threads = sorted({t for (_, _, t) in r.runs} | {t for (_, t) in r.limits}) or [1]
    flags = r.machine.get("flags", "").split()
    cpu_flags = set(flags)

    # Machine.
    emit(f"fp8-mlir CPU benchmarks  {r.machine.get('date', '')}  {r.machine.get('mode', '')}")
    if "load_start" in r.machine:
        emit(f"load average (1, 5, 15 min): {r.machine['load_start']} at the start,"
             f" {r.machine.get('load_end', '?')} at the end (others running on the machine make numbers noisy)")
    llc = int(r.machine.get("llc_bytes", "0") or 0)
    emit(f"CPU: {r.machine.get('model', '?')}, {r.machine.get('cores', '?')} cores"
         + (f", LLC {llc >> 20} MiB" if llc else ""))
    wanted = ["avx2", "fma", "avx512f", "avx512_bf16", "avx512_fp16", "amx_bf16", "amx_tile"]
    have = [f for f in wanted if f in cpu_flags]
    lack = [f for f in wanted if f not in cpu_flags]
    emit(f"     flags: {' '.join(have) or '-'}" + (f"   (no {' '.join(lack)})" if lack else ""))
    emit(f"oneDNN {r.machine.get('onednn', '?')}; OpenBLAS: {r.machine.get('openblas', '?')}")
    if r.blas_candidates:
        shape = r.machine.get("blas_select_shape", "")
        best = min(r.blas_candidates, key=lambda c: c[2])
        tried = ", ".join(
            f"{req}{'' if req == rep else '->' + rep} {gflops(shape, ms):.1f}"
            for req, rep, ms in r.blas_candidates)
        emit(f"OpenBLAS core used: {best[1]} (OPENBLAS_CORETYPE tried, GFLOP/s at {shape.replace('x', ' x ')},"
             f" 1 thread: {tried})")
    for name, text in r.checks:
        emit(f"check {name.replace('_', ' ')}: {text}")
    emit("")

    # Limits.
    cols = "".join(f"{(str(t) + ' thread' + ('s' if t > 1 else '')):>12}" for t in threads)
    emit(f"{'Machine limits':<34}{cols}")
    rows = [("fma_f32_ymm", "f32 FMA, 256-bit ymm (GFLOP/s)", "avx2"),
            ("fma_f32_zmm", "f32 FMA, 512-bit zmm (GFLOP/s)", "avx512f"),
            ("fma_f16_zmm", "f16 vfmadd231ph zmm (GFLOP/s)", "avx512_fp16"),
            ("fma_bf16_zmm", "bf16 vdpbf16ps zmm (GFLOP/s)", "avx512_bf16"),
            ("dram_read", "DRAM read (GB/s)", None)]
    for key, label, flag in rows:
        values = [r.limits.get((key, t)) for t in threads]
        if all(v is None for v in values):
            emit(f"  {label:<32}" + "".join(f"{'-':>12}" for _ in threads) + (f"   (no {flag})" if flag else ""))
        else:
            emit(f"  {label:<32}" + "".join(f"{fmt(v):>12}" for v in values))
    emit("")

    def f32_peak(t):
        values = [r.limits.get((k, t)) for k in ("fma_f32_ymm", "fma_f32_zmm")]
        values = [v for v in values if v]
        return max(values) if values else None

    def peer_cell(shape, peer, t):
        ms, detail = r.runs.get((shape, peer, t), (None, ""))
        if ms is None:
            return "-", None
        value = gflops(shape, ms)
        return fmt(value) + ("*" if not_native(peer, detail) else ""), value

    def not_native(peer, detail):
        if not peer.startswith("dnnl_"):
            return False
        if detail.startswith("ref"):
            return True
        if peer == "dnnl_bf16":
            return not ({"avx512_bf16", "amx_bf16"} & cpu_flags)
        if peer == "dnnl_f16":
            return "avx512_fp16" not in cpu_flags
        return False

    def ratio_cell(shape, peer, t):
        fp8 = r.runs.get((shape, "fp8", t), (None, ""))[0]
        ms, detail = r.runs.get((shape, peer, t), (None, ""))
        if fp8 is None or ms is None:
            return "-"
        text = f"{ms / fp8:.2f}"
        return f"({text})" if not_native(peer, detail) else text

    peers = [("dnnl_f32", "dnnl f32"), ("dnnl_bf16", "dnnl bf16")]
    if any(p == "dnnl_f16" and v[0] is not None for (_, p, _), v in r.runs.items()):
        peers.append(("dnnl_f16", "dnnl f16"))
    peers.append(("blas", "OpenBLAS"))
    ratio_labels = {"dnnl_f32": "FP8/f32", "dnnl_bf16": "FP8/bf16", "dnnl_f16": "FP8/f16", "blas": "FP8/BLAS"}
    gemv = [s for s in r.shapes if dims(s)[0] <= 16]
    gemm = [s for s in r.shapes if dims(s)[0] > 16]

    def shape_label(s):
        return " x ".join(str(d) for d in dims(s))

    if gemm:
        emit("Matmul, GFLOP/s (shape M x K x N; FP8/x: FP8's speed over x's, same thread count)")
        head = f"{'shape':<20}{'thr':>4}{'FP8':>9}" + "".join(f"{label:>11}" for _, label in peers)
        head += "".join(f"{ratio_labels[p]:>10}" for p, _ in peers) + f"{'%f32 peak':>11}"
        emit(head)
        for s in gemm:
            for i, t in enumerate(threads):
                fp8 = r.runs.get((s, "fp8", t), (None, ""))[0]
                row = f"{shape_label(s) if i == 0 else '':<20}{t:>4}"
                row += f"{fmt(gflops(s, fp8)) if fp8 else '-':>9}"
                row += "".join(f"{peer_cell(s, p, t)[0]:>11}" for p, _ in peers)
                row += "".join(f"{ratio_cell(s, p, t):>10}" for p, _ in peers)
                peak = f32_peak(t)
                row += f"{(f'{100 * gflops(s, fp8) / peak:.0f}%') if fp8 and peak else '-':>11}"
                emit(row)
        emit("")

    if gemv:
        dram = {t: r.limits.get(("dram_read", t)) for t in threads}
        emit("Decode GEMV (shape M x K x N): FP8 as GFLOP/s and GB/s of its FP8 weights; peers in GFLOP/s")
        head = (f"{'shape':<22}{'thr':>4}{'FP8':>8}{'GB/s':>7}{'%DRAM':>7}"
                + "".join(f"{label:>11}" for _, label in peers)
                + "".join(f"{ratio_labels[p]:>10}" for p, _ in peers))
        emit(head)
        for s in gemv:
            m, k, n = dims(s)
            in_llc = llc and k * n <= llc
            for i, t in enumerate(threads):
                fp8 = r.runs.get((s, "fp8", t), (None, ""))[0]
                gbs = k * n / (fp8 * 1e-3) / 1e9 if fp8 else None
                label = (shape_label(s) + (" L3" if in_llc else "")) if i == 0 else ""
                row = f"{label:<22}{t:>4}{fmt(gflops(s, fp8)) if fp8 else '-':>8}{fmt(gbs):>7}"
                row += f"{(f'{100 * gbs / dram[t]:.0f}%') if gbs and dram.get(t) else '-':>7}"
                row += "".join(f"{peer_cell(s, p, t)[0]:>11}" for p, _ in peers)
                row += "".join(f"{ratio_cell(s, p, t):>10}" for p, _ in peers)
                emit(row)
        emit("")

    # Implementations, and the legend.
    for peer, label in [("dnnl_f32", "oneDNN f32"), ("dnnl_bf16", "oneDNN bf16"),
                        ("dnnl_f16", "oneDNN f16"), ("blas", "OpenBLAS")]:
        impls = {}  # implementation -> the shapes it ran, in order
        for (s, p, t), (ms, detail) in r.runs.items():
            if p == peer:
                shapes = impls.setdefault(detail if ms is not None else "unsupported on this CPU", [])
                if shape_label(s) not in shapes:
                    shapes.append(shape_label(s))
        if not impls:
            continue
        text = "; ".join(impl if len(impls) == 1 else f"{impl} ({', '.join(shapes)})"
                         for impl, shapes in impls.items())
        if any(not_native(peer, impl) for impl in impls if not impl.startswith("unsupported")):
            reason = {"dnnl_bf16": "no avx512_bf16 / amx_bf16 on this CPU",
                      "dnnl_f16": "no avx512_fp16 on this CPU"}.get(peer, "")
            if any(impl.startswith("ref") for impl in impls):
                reason = "oneDNN's reference code" + (f"; {reason}" if reason else "")
            text += f"   * not native: {reason}"
        emit(f"{label}: {text}")
    emit("FP8: f32 linalg.matmul -> fp8-ptq-pipeline mode=dynamic -> fp8-run: weights E4M3 codes made at compile"
         " time (per channel), activation quantized (per row) inside the timed call.")
    emit("Times are medians after a warm-up; all memory written before timing. thr: threads. *: not a native"
         " implementation (reference or emulated); its ratio is in () and is not a peer comparison.")
    if gemv:
        emit("%DRAM: FP8 weight bytes per second over the DRAM read bandwidth at that thread count;"
             " L3: the FP8 weights fit in the LLC, so repeated calls can run above DRAM speed.")
    if gemm:
        emit("%f32 peak: FP8 GFLOP/s over the machine's f32 FMA peak at that thread count.")
    for note in r.notes:
        emit(f"note: {note}")

    if r.path_shapes:
        emit("")
        emit("Pre-quantized fp8.scaled_matmul (FP8 codes in, B as [K, N], per-tensor scales unless the column says so),"
             " 1 thread, GFLOP/s")
        names = r.path_names
        head = f"{'shape':<20}" + "".join(f"{n.replace('_', ' '):>13}" for n in names) + f"{'best/dnnl f32':>22}"
        emit(head)
        for s in r.path_shapes:
            row = f"{shape_label(s):<20}"
            best = None
            for name in names:
                ms = r.paths.get((s, name))
                row += f"{fmt(gflops(s, ms)) if ms else '-':>13}"
                if ms and not name.startswith("host") and (best is None or ms < best[0]):
                    best = (ms, name)
            dnnl = r.runs.get((s, "dnnl_f32", 1), (None, ""))[0]
            row += f"{(f'{dnnl / best[0]:.2f} ({best[1]})') if best and dnnl else '-':>22}"
            emit(row)
        emit("host blocks: 1x128 / 128x128 block scales, chunk 128; host [N,K]: B as [N, K] (torch's Linear weights).")

    if r.quantize:
        q = r.quantize
        fp8 = sorted((int(t), v) for (who, t), v in q.items() if who == "fp8")
        line = ("Quantize f32 -> E4M3 (16M values), GB/s of input: fp8-cpu-pipeline "
                + " / ".join(fmt(v, 2) for _, v in fp8)
                + " (" + " / ".join(f"{t} thread{'s' if t > 1 else ''}" for t, _ in fp8) + ")")
        apf = q.get(("apfloat", "1"))
        if apf:
            best = max(v for (who, _), v in q.items() if who == "fp8")
            line += f"; upstream convert-arith-to-apfloat {fmt(apf, 4)} ({best / apf:.0f}x slower)"
        emit(line)

    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if out:
        with open(out, "w") as f:
            f.write(text)


# --- whole models (models.sh) -------------------------------------------


def rel_l2(out, ref, bound=None):
    a = np.load(out).astype(np.float64)
    r = np.load(ref).astype(np.float64)
    if a.shape != r.shape:
        sys.exit(f"rel-l2: {out} has shape {a.shape}, {ref} has {r.shape}")
    value = np.linalg.norm(a - r) / np.linalg.norm(r)
    verdict = "" if bound is None else f" (bound {bound:g}) {'OK' if value <= bound else 'FAIL'}"
    print(f"{value:.3g}{verdict}")


def model_ops(path):
    """One line: the FP8 compute ops of a quantized module and the f32
    matmuls and convolutions left in it, e.g. '6 fp8.scaled_matmul,
    2 linalg.conv_2d_nchw_fchw (f32)'. Quantize, dequantize and layout
    attributes are not compute."""
    counts = {}
    with open(path) as f:
        for line in f:
            line = line.split('"0x', 1)[0]  # no need to scan the hex constants
            for op in re.findall(r"= (fp8\.\w+|linalg\.(?:batch_)?matmul\b|linalg\.conv_\w+)", line):
                if op in ("fp8.quantize", "fp8.dequantize", "fp8.dynamic_quantize"):
                    continue
                counts[op] = counts.get(op, 0) + 1
    fp8 = [f"{n} {op}" for op, n in counts.items() if op.startswith("fp8.")]
    f32 = [f"{n} {op} (f32)" for op, n in counts.items() if not op.startswith("fp8.")]
    print(", ".join(fp8 + f32) or "none")


def models_table(records_path, out=None):
    """Records: machine KEY TEXT | model NAME DOC | yardstick NAME TEXT |
    ops NAME VARIANT TEXT | time NAME VARIANT THREADS MS |
    dnnl NAME PART THREADS MS | accuracy NAME VARIANT REL_L2 |
    check NAME TEXT. VARIANT: fp32 static dynamic; PART: gemm (the
    yardstick: the model's matmul-shaped work) or attention (BERT's batch
    matmuls, shown apart)."""
    machine, docs, yard, ops, times, dnnl, acc, checks = {}, {}, {}, {}, {}, {}, {}, []
    models, threads = [], set()
    for kind, rest in read_records(records_path):
        if kind == "machine":
            machine[rest[0]] = " ".join(rest[1:])
        elif kind == "check":
            checks.append(" ".join(rest))
        else:
            name = rest[0]
            if name not in models:
                models.append(name)
            if kind == "model":
                docs[name] = " ".join(rest[1:])
            elif kind == "yardstick":
                yard[name] = " ".join(rest[1:])
            elif kind == "ops":
                ops[(name, rest[1])] = " ".join(rest[2:])
            elif kind == "time":
                times[(name, rest[1], int(rest[2]))] = float(rest[3])
                threads.add(int(rest[2]))
            elif kind == "dnnl":
                dnnl[(name, rest[1], int(rest[2]))] = float(rest[3])
                threads.add(int(rest[2]))
            elif kind == "accuracy":
                acc[(name, rest[1])] = float(rest[2])
    lines = []
    emit = lines.append
    emit(f"fp8-mlir whole-model benchmarks  {machine.get('date', '')}  {machine.get('mode', '')}")
    emit(f"CPU: {machine.get('model', '?')}, {machine.get('cores', '?')} cores; oneDNN {machine.get('onednn', '?')}")
    if "load_start" in machine:
        emit(f"load average (1, 5, 15 min): {machine['load_start']} at the start, {machine.get('load_end', '?')}"
             " at the end (others running on the machine make numbers noisy)")
    emit("")
    for name in models:
        emit(f"{name}: {docs.get(name, '')}")
        emit(f"  yardstick: {yard.get(name, '')}")
        for variant in ("static", "dynamic"):
            if (name, variant) in ops:
                emit(f"  FP8 {variant}: {ops[(name, variant)]}")
    emit("")

    def cell(v, digits=None):
        if v is None:
            return "-"
        if digits is None:  # three significant digits, never an exponent
            digits = 0 if v >= 100 else 1 if v >= 10 else 2 if v >= 1 else 3
        return f"{v:.{digits}f}"

    def ratio(a, b):
        return "-" if a is None or not b else f"{a / b:.1f}x"

    head = (f"{'model':<8}{'thr':>4}{'FP32':>10}{'FP8 st':>9}{'FP8 dyn':>9}{'dnnl gemm':>11}{'dnnl attn':>11}"
            f"{'st/gemm':>9}{'dyn/gemm':>10}{'FP32/gemm':>11}{'relL2 st':>10}{'relL2 dyn':>10}")
    emit("End to end, ms per call (median); ratios: time over oneDNN f32's for the model's matmul-shaped work")
    emit(head)
    for name in models:
        for i, t in enumerate(sorted(threads)):
            get = lambda v: times.get((name, v, t))
            gemm = dnnl.get((name, "gemm", t))
            attn = dnnl.get((name, "attention", t))
            row = (f"{name if i == 0 else '':<8}{t:>4}{cell(get('fp32')):>10}{cell(get('static')):>9}"
                   f"{cell(get('dynamic')):>9}{cell(gemm):>11}{cell(attn):>11}"
                   f"{ratio(get('static'), gemm):>9}{ratio(get('dynamic'), gemm):>10}{ratio(get('fp32'), gemm):>11}")
            if i == 0:
                row += f"{cell(acc.get((name, 'static')), 4):>10}{cell(acc.get((name, 'dynamic')), 4):>10}"
            emit(row)
    emit("")
    for text in [
            "FP32: the f32 model through fp8-run (fp8-cpu-pipeline). FP8 st: fp8-opt --fp8-ptq-pipeline with the",
            "calibration table of fp8-run --calibrate; FP8 dyn: mode=dynamic. dnnl gemm: the yardstick's oneDNN f32",
            "matmuls, each timed alone and summed (weights in oneDNN's layout, memory written before timing).",
            "dnnl attn: BERT's attention batch matmuls (plain operands), not in the yardstick. relL2:",
            "||FP8 - FP32|| / ||FP32|| on one held-out input (target <= 0.06, issue 14). thr: threads",
            "(fp8-run --threads, OMP_NUM_THREADS)."]:
        emit(text)
    for text in checks:
        emit(f"check: {text}")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if out:
        with open(out, "w") as f:
            f.write(text)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    command, args = argv[1], argv[2:]
    if command == "ptq-module":
        ptq_module(int(args[0]), int(args[1]), int(args[2]), args[3])
    elif command == "activation":
        activation(int(args[0]), int(args[1]), args[2])
    elif command == "codes":
        codes(int(args[0]), int(args[1]), args[2])
    elif command == "verify-ptq":
        verify_ptq(args[0], int(args[1]), int(args[2]), int(args[3]))
    elif command == "check-fp8":
        return check_fp8(args[0], args[1], args[2])
    elif command == "table":
        table(args[0], args[1] if len(args) > 1 else None)
    elif command == "rel-l2":
        rel_l2(args[0], args[1], float(args[2]) if len(args) > 2 else None)
    elif command == "model-ops":
        model_ops(args[0])
    elif command == "models-table":
        models_table(args[0], args[1] if len(args) > 1 else None)
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
