#!/usr/bin/env python3
"""Writes the bad .npy files of test/BadInput/npy.mlir into DIR.

usage: make_bad_npy.py DIR

DIR/a.npy is a good (2, 3) f32 array; DIR/samples holds three good samples
and a truncated one (1.npy); every other file lies in its own way.
"""
import os
import struct
import sys

import numpy as np


def npy(header, payload, version=1):
    """A .npy file with `header` (a dict literal) padded as np.save pads it."""
    text = header.encode("latin-1")
    length_bytes = 2 if version == 1 else 4
    prefix = 6 + 2 + length_bytes
    text += b" " * (63 - (prefix + len(text)) % 64) + b"\n"
    length = struct.pack("<H" if version == 1 else "<I", len(text))
    return b"\x93NUMPY" + bytes([version, 0]) + length + text + payload


def main():
    out = sys.argv[1]
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.save(os.path.join(out, "a.npy"), a)
    data = a.tobytes()

    def header(shape, descr="<f4", fortran="False"):
        return "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
            descr, fortran, shape)

    files = {
        "empty.npy": b"",
        "huge_shape.npy": npy(header("(1099511627776,)"), data),
        "overflow_shape.npy": npy(header("(4611686018427387903, 4)"), data),
        "short_shape.npy": npy(header("(2, 2)"), data),
        "fortran_header.npy": npy(header("(2, 3)", fortran="True"), data),
        "negative_dim.npy": npy(header("(-2, 3)"), data),
        "huge_dim.npy": npy(header("(99999999999999999999, 3)"), data),
        "not_dict.npy": npy("[1, 2, 3]", data),
        "no_shape.npy": npy("{'descr': '<f4', 'fortran_order': False, }",
                            data),
        "version9.npy": npy(header("(2, 3)"), data, version=9),
        "big_endian.npy": npy(header("(2, 3)", descr=">f4"), data),
        "structured.npy": npy(
            "{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': "
            "False, 'shape': (3,), }", data),
        "garbage.npy": b"\x93NUMPY\x01\x00\x10\x00\xff\xfe\x80garbage\x00"
                       b"\x00\x00\x00\x00\x00\x00",
        "magic_only.npy": b"\x93NUMPY",
    }
    for name, content in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(content)

    samples = os.path.join(out, "samples")
    for i in range(3):
        np.save(os.path.join(samples, "%d.npy" % i), a + i)
    with open(os.path.join(samples, "1.npy"), "rb") as f:
        truncated = f.read()[:-4]
    with open(os.path.join(samples, "1.npy"), "wb") as f:
        f.write(truncated)


if __name__ == "__main__":
    main()
