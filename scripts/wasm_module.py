"""Reading a WebAssembly binary's sections, function bodies and function names.

Shared by scripts/wasm-names.py (where the code goes) and scripts/wasm-order.py (the function
order that gzips smallest). Only what those two need: no validation beyond the framing.
"""

SECTIONS = {0: 'custom', 1: 'type', 2: 'import', 3: 'function', 4: 'table', 5: 'memory', 6: 'global',
            7: 'export', 8: 'start', 9: 'element', 10: 'code', 11: 'data', 12: 'datacount'}


def leb(data, i):
    """An unsigned LEB128 number at data[i]: (value, index after it)."""
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7f) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def uleb(value):
    """value as unsigned LEB128 bytes."""
    out = bytearray()
    while True:
        byte, value = value & 0x7f, value >> 7
        out.append(byte | 0x80 if value else byte)
        if not value:
            return bytes(out)


class Module:
    """sections: (id, label, start, payload start, end) with label the custom section's name;
    imported: imported functions (defined function n has index imported + n); bodies: each
    defined function's body bytes; names: function index -> name from the `name` section."""

    def __init__(self, data):
        if data[:4] != b'\0asm':
            raise ValueError('not a WebAssembly binary')
        self.data, self.sections, self.imported, self.bodies, self.names = data, [], 0, [], {}
        i = 8
        while i < len(data):
            sid = data[i]
            size, start = leb(data, i + 1)
            end, label = start + size, ''
            if sid == 0:
                length, j = leb(data, start)
                label = data[j:j + length].decode('utf-8', 'replace')
                if label == 'name':
                    self._names(j + length, end)
            elif sid == 2:
                self._imports(start)
            elif sid == 10:
                count, j = leb(data, start)
                for _ in range(count):
                    length, k = leb(data, j)
                    self.bodies.append(data[k:k + length])
                    j = k + length
            self.sections.append((sid, label, i, start, end))
            i = end

    def _names(self, i, end):
        data = self.data
        while i < end:
            sub = data[i]
            size, i = leb(data, i + 1)
            if sub == 1:
                count, j = leb(data, i)
                for _ in range(count):
                    index, j = leb(data, j)
                    length, j = leb(data, j)
                    self.names[index] = data[j:j + length].decode('utf-8', 'replace')
                    j += length
            i += size

    def _imports(self, i):
        data = self.data
        count, i = leb(data, i)
        for _ in range(count):
            for _ in range(2):  # module and field names
                length, i = leb(data, i)
                i += length
            kind = data[i]
            i += 1
            if kind == 0:  # function: type index
                _, i = leb(data, i)
                self.imported += 1
            elif kind in (1, 2):  # table (element type first) or memory: limits
                i += kind == 1
                flags, i = leb(data, i)
                _, i = leb(data, i)
                if flags & 1:
                    _, i = leb(data, i)
            else:  # global: value type, mutability
                i += 2
