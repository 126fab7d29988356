#!/usr/bin/env python3
"""Where a wasm file's code goes, from its name section (docs/size.md).

    scripts/wasm-names.py target/wasm32-unknown-unknown/release/kubeplay-web.wasm
        [--depth D]     group by the first D path segments (default 1: the crate)
        [--grep TEXT]   only functions whose name contains TEXT
        [--top N]       rows to print (default 30)
        [--funcs]       also list the largest functions
        [--areas]       code per area of the program (UI and yew, engine, ...), raw and
                        gzipped on its own (functions in name order, as shipped)

Prints the sections' sizes, then code bytes and function count per group. Use the cargo
release wasm (before wasm-bindgen and wasm-opt, which drop the names). Trait methods count
for the implementing type's path (`<kubeplay::api::Pod as Clone>::clone` is kubeplay).
"""
import collections
import re
import sys
import zlib

from wasm_module import SECTIONS, Module

ESCAPES = {'$LT$': '<', '$GT$': '>', '$u20$': ' ', '$RF$': '&', '$BP$': '*', '$C$': ',', '$u7b$': '{',
           '$u7d$': '}', '$u5b$': '[', '$u5d$': ']', '$u27$': "'", '$SP$': '@', '$u3b$': ';', '$u22$': '"',
           '$u2b$': '+', '$u21$': '!', '$u7e$': '~', '$u3d$': '=', '$LP$': '(', '$RP$': ')'}


def demangle(name):
    """Rust's legacy mangling (`_ZN...17h<hash>E`); v0 names (`_R...`) stay as they are."""
    if not name.startswith('_ZN'):
        return name
    i, parts = 3, []
    while i < len(name) and name[i] != 'E':
        digits = re.match(r'\d+', name[i:])
        if not digits:
            return name
        i += len(digits.group())
        parts.append(name[i:i + int(digits.group())])
        i += int(digits.group())
    if parts and re.fullmatch(r'h[0-9a-f]{16}', parts[-1]):
        parts.pop()
    out = []
    for part in parts:
        part = part[1:] if part.startswith('_$') else part
        for escape, char in ESCAPES.items():
            part = part.replace(escape, char)
        out.append(part.replace('..', '::'))
    return '::'.join(out)


def parse(path):
    """(function name, body) for each defined function, and (section, name, bytes)."""
    module = Module(open(path, 'rb').read())
    sections = [(SECTIONS.get(sid, str(sid)), label, end - start) for sid, label, _, start, end in module.sections]
    funcs = [(demangle(module.names.get(module.imported + n, f'func{module.imported + n}')), body)
             for n, body in enumerate(module.bodies)]
    return funcs, sections


# Areas of the program, first match wins: a function belongs to the UI if yew or the browser
# bindings are in its name (a component's body is inlined into yew's generic `view`).
AREAS = [('UI: kubeplay::ui, yew, browser bindings',
          ('kubeplay::ui', 'yew', 'FunctionProvider', 'gloo', 'web_sys', 'js_sys', 'wasm_bindgen'))] + [
    (f'kubeplay::{area}', (f'kubeplay::{area}',))
    for area in ('engine', 'manifest', 'cmd', 'print', 'session', 'lessons', 'chart', 'api')] + [
    ('plotters', ('plotters',)), ('kubeplay, other (generic glue)', ('kubeplay',))]


def areas(funcs):
    """Raw and gzipped code per area; the rest is std, alloc and the other crates."""
    bodies = collections.defaultdict(list)
    for name, body in funcs:
        area = next((area for area, keys in AREAS if any(key in name for key in keys)), 'std, alloc, other crates')
        bodies[area].append((name, body))
    rows = []
    for area, named in bodies.items():
        code = b''.join(body for _, body in sorted(named))
        rows.append((len(zlib.compress(code, 9)), len(code), area))
    for gz, raw, area in sorted(rows, reverse=True):
        print(f'{raw:>10,} {gz:>9,}  {area}')
    print(f'{sum(r[1] for r in rows):>10,} {sum(r[0] for r in rows):>9,}  (each area gzipped on its own)')


def group(name, depth):
    match = re.match(r'^<+(?:&(?:mut )?)?(?:dyn )?([A-Za-z_]\w*(?:::[A-Za-z_]\w*)*)', name)
    path = match.group(1) if match else re.match(r'^([\w:]*)', name).group(1)
    parts = [part for part in path.split('::') if part]
    return '::'.join(parts[:depth]) if parts else '?'


def main(argv):
    path, args = argv[0], argv[1:]
    option = lambda flag, default: type(default)(args[args.index(flag) + 1]) if flag in args else default
    depth, top, grep = option('--depth', 1), option('--top', 30), option('--grep', '')
    funcs, sections = parse(path)
    if '--areas' in args:
        areas(funcs)
        return
    funcs = [(name, len(body)) for name, body in funcs]
    for kind, label, size in sections:
        print(f'section {kind:<9} {label:<24} {size:>10,}')
    funcs = [(name, size) for name, size in funcs if grep in name]
    print(f'code {sum(size for _, size in funcs):,} bytes in {len(funcs)} functions')
    sizes, counts = collections.Counter(), collections.Counter()
    for name, size in funcs:
        sizes[group(name, depth)] += size
        counts[group(name, depth)] += 1
    for key, size in sizes.most_common(top):
        print(f'{size:>10,} {counts[key]:>6}  {key}')
    if '--funcs' in args:
        for name, size in sorted(funcs, key=lambda f: -f[1])[:top]:
            print(f'{size:>10,}  {name[:200]}')


if __name__ == '__main__':
    main(sys.argv[1:])
