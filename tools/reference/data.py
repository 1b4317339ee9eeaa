#!/usr/bin/python3
"""Writes test/fixtures/data.mjs: torch 1.13 references for torch.utils.data.

Run with Debian's python3-torch:  /usr/bin/python3 tools/reference/data.py

* splitLengths: the subset lengths random_split gives for counts and for fractions (1.13's
  floor-then-deal-the-remainder rule); the permutation itself comes from each library's own
  generator, so only lengths are compared.
* collate: default_collate over a batch of nested items ({x, y, meta: {id, name}, pair: [t, n]}),
  written as nested {shape, values} (tensors) or lists (strings).
"""
import os

import torch
from torch.utils.data import random_split
from torch.utils.data.dataloader import default_collate

from fixture import write_fixture

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'data.mjs')

SPLITS = [
    (10, [7, 3]), (10, [0.7, 0.3]), (10, [0.5, 0.5]), (7, [0.5, 0.5]), (11, [0.34, 0.33, 0.33]),
    (5, [0.1, 0.1, 0.8]), (3, [0.25, 0.25, 0.25, 0.25]), (101, [0.6, 0.2, 0.2]), (4, [1.0]), (9, [0.0, 1.0]),
]


def describe(value):
    if torch.is_tensor(value):
        return {'shape': list(value.shape), 'values': value.double().flatten().tolist()}
    if isinstance(value, dict):
        return {k: describe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, str) for v in value):
            return {'strings': list(value)}
        return [describe(v) for v in value]
    raise TypeError(type(value))


def main():
    split = []
    for n, lengths in SPLITS:
        parts = random_split(range(n), lengths, generator=torch.Generator().manual_seed(0))
        split.append({'n': n, 'lengths': lengths, 'sizes': [len(p) for p in parts]})
    gen = torch.Generator().manual_seed(7)
    items = []
    for i in range(4):
        items.append({'x': torch.randn(2, 3, generator=gen), 'y': float(i) / 4,
                      'meta': {'id': i, 'name': 'item%d' % i},
                      'pair': [torch.randn(3, generator=gen), i * 2]})
    data = {'torch': torch.__version__, 'split': split,
            'collate': {'items': [describe_item(it) for it in items], 'batch': describe(default_collate(items))}}
    write_fixture(OUT, 'data.py', torch.__version__, data)


def describe_item(item):
    """An item as plain data the test rebuilds it from (tensors as {shape, values})."""
    return {'x': describe(item['x']), 'y': item['y'], 'meta': item['meta'],
            'pair': [describe(item['pair'][0]), item['pair'][1]]}


if __name__ == '__main__':
    main()
