#!/usr/bin/env python3
"""How deep a ranker's trees are against how deep their rows go, and how loose the exact top-k bound is.

Usage: bench/ranking/tree_shapes.py ARTIFACTS/ranker_model.bin

Reads the model file (layout in src/Encore.Core/Ranking/LightGbm/RankerModel.Persistence.cs) with the standard
library only. Per tree: the deepest leaf (the steps the full-depth walk took for every row), the mean leaf depth
weighted by the training rows that reached each leaf (version-2 files keep those covers), and the expected deepest
of 8 rows drawn from the covers (the steps of the eight-row walk that stops when all eight are at their leaves).
Then the sum over the trees still to come of (largest leaf - smallest leaf): a candidate can be dropped from a
user's top k after m trees only if it trails the k-th by more than that.
"""
import struct
import sys


def load(path):
    data = open(path, "rb").read()
    if data[:8] != b"ENCORERK":
        sys.exit(f"{path}: not an Encore ranker model")
    version, = struct.unpack_from("<i", data, 8)
    position = 20

    def read(fmt):
        nonlocal position
        values = struct.unpack_from("<" + fmt, data, position)
        position += struct.calcsize("<" + fmt)
        return values

    read("iii")  # objective, trees, leaves
    read("d")  # learning rate
    read("iii")  # min rows per leaf, seed, threads
    features, = read("i")
    for _ in range(features):  # BinaryWriter strings: 7-bit length, UTF-8
        length, shift = 0, 0
        while True:
            byte = data[position]
            position += 1
            length |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        position += length
    read(f"{features}d")  # gains
    trees, = read("i")
    roots = read(f"{trees}i")
    count, = read("i")
    nodes = [read("ifii") for _ in range(count)]
    count, = read("i")
    leaves = read(f"{count}d")
    covers = read(f"{count}d") if version >= 2 else None
    return roots, nodes, leaves, covers


def main():
    roots, nodes, leaves, covers = load(sys.argv[1])
    deepest = mean = deepest_of_8 = 0.0
    ranges = []
    for root in roots:
        stack, reached = [(root, 0)], []
        while stack:
            reference, depth = stack.pop()
            if reference < 0:
                reached.append((~reference, depth))
                continue
            node = nodes[reference]
            stack += [(node[2], depth + 1), (node[3], depth + 1)]
        weights = [covers[leaf] if covers else 1.0 for leaf, _ in reached]
        total = sum(weights)
        top = max(depth for _, depth in reached)
        # P(depth <= d) over the rows, then E[max of 8] = sum over d >= 1 of P(max >= d).
        below = [sum(w for w, (_, depth) in zip(weights, reached) if depth <= d) / total for d in range(top + 1)]
        deepest += top
        mean += sum(w * depth for w, (_, depth) in zip(weights, reached)) / total
        deepest_of_8 += sum(1 - below[d - 1] ** 8 for d in range(1, top + 1))
        values = [leaves[leaf] for leaf, _ in reached]
        ranges.append(max(values) - min(values))
    count = len(roots)
    print(f"{count} trees, {len(nodes)} split nodes, {len(leaves)} leaves; weighted by {'training rows' if covers else 'leaf count (no covers)'}")
    print(f"steps per tree: deepest leaf {deepest / count:.2f}, deepest of 8 rows {deepest_of_8 / count:.2f}, a row's own leaf {mean / count:.2f}")
    marks = sorted({0, count // 4, count // 2, 3 * count // 4, count - count // 10, count - count // 20, count - 1})
    print("leaf range still to come after m trees: " + ", ".join(f"m={m}: {sum(ranges[m:]):.2f}" for m in marks))


if __name__ == "__main__":
    main()
