#!/usr/bin/env python3
"""Names a wasm's functions so that binaryen's `--reorder-functions-by-name` puts alike code
side by side, where gzip finds it within its 32 KB window (docs/size.md, "Functions in name
order").

    scripts/wasm-order.py IN.wasm OUT.wasm

IN must have a `name` section (wasm-opt -g keeps it). OUT is IN with that section replaced:
each defined function is renamed to its rank ("f000123") when sorted by its Rust path without
the symbol hash and without anything in angle brackets, then by its body bytes. So a generic's
copies sit together, and so do a trait's impls: `<kubeplay::api::Pod as Clone>::clone` sorts as
`::clone`, beside every other `clone`. Of the orders tried, this one gzips smallest. Then run `wasm-opt --reorder-functions-by-name --strip-debug`, which renumbers the
calls and drops these names. Imports keep their names. The order depends only on the wasm, so
the same build gives the same file.
"""
import re
import sys

from wasm_module import Module, uleb

HASH = re.compile(r'::h[0-9a-f]{16}$')
INNERMOST_BRACKETS = re.compile(r'<[^<>]*>')


def sort_name(name):
    """name without the symbol hash and without generics and `<T as Trait>` qualifiers."""
    name, previous = HASH.sub('', name), None
    while name != previous:
        name, previous = INNERMOST_BRACKETS.sub('', name), name
    return name


def ranked_names(module):
    """function index -> new name, for every function the name section names."""
    defined = range(len(module.bodies))
    key = lambda n: (sort_name(module.names.get(module.imported + n, '')), module.bodies[n])
    names = {index: name for index, name in module.names.items() if index < module.imported}
    width = len(str(len(module.bodies)))
    for rank, n in enumerate(sorted(defined, key=key)):
        names[module.imported + n] = f'f{rank:0{width}d}'
    return names


def name_section(names):
    """A `name` custom section with only function names (subsection 1)."""
    entries = bytearray(uleb(len(names)))
    for index in sorted(names):
        text = names[index].encode()
        entries += uleb(index) + uleb(len(text)) + text
    payload = uleb(4) + b'name' + bytes([1]) + uleb(len(entries)) + entries
    return bytes([0]) + uleb(len(payload)) + payload


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    module = Module(open(argv[0], 'rb').read())
    if not module.names:
        sys.exit(f'wasm-order.py: {argv[0]} has no function names (run wasm-opt with -g)')
    out = bytearray(module.data[:8])
    for sid, label, start, _, end in module.sections:
        if not (sid == 0 and label == 'name'):
            out += module.data[start:end]
    out += name_section(ranked_names(module))
    with open(argv[1], 'wb') as file:
        file.write(out)


if __name__ == '__main__':
    main(sys.argv[1:])
