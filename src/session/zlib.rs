//! zlib (RFC 1950) around DEFLATE (RFC 1951), by hand, for the Session [`codec`](super::codec):
//! [`compress`] (LZ77 on a hash chain with lazy matching, then dynamic, fixed or stored blocks,
//! whichever is shortest) and [`decompress`], which reads any valid zlib stream (`miniz_oxide`'s,
//! Node's `zlib.deflateSync`'s) with an output limit.
//!
//! Decompression reads untrusted text (a share link), so it refuses every malformed stream with
//! an error (never a panic), stops at the limit before allocating beyond it, and runs in time
//! linear in its input and output: every loop consumes input bits or writes output.

/// Why [`decompress`] refused a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InflateError {
    /// Truncated, tampered with, trailing bytes, or a checksum mismatch.
    Corrupt,
    /// The output would be longer than the limit.
    TooLarge,
}

/// `data` as a zlib stream (compression comparable to zlib's level 9).
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut writer = BitWriter { out: vec![0x78, 0xda], acc: 0, n_bits: 0 };
    let mut matcher = Matcher { data, head: vec![0; 1 << HASH_BITS], prev: vec![0; WINDOW], next_insert: 0 };
    let mut tokens: Vec<u32> = Vec::with_capacity(BLOCK_TOKENS);
    let (mut pos, mut block_start) = (0, 0);
    // A match found one position ahead (lazy matching), carried to the next position.
    let mut pending: Option<(usize, usize)> = None;
    while pos < data.len() {
        let (len, dist) = match pending.take() {
            Some(found) => found,
            None => {
                let found = matcher.find(pos, MAX_CHAIN, 2);
                matcher.insert_to(pos + 1);
                found
            }
        };
        if (MIN_MATCH..MAX_MATCH).contains(&len) && pos + 1 < data.len() {
            // zlib's deflate_slow: a longer match at the next byte is worth a literal first.
            let chain = if len >= GOOD_MATCH { MAX_CHAIN / 4 } else { MAX_CHAIN };
            let next = matcher.find(pos + 1, chain, len);
            matcher.insert_to(pos + 2);
            if next.0 > len {
                tokens.push(u32::from(data[pos]));
                pos += 1;
                pending = Some(next);
            }
        }
        if pending.is_none() {
            if len >= MIN_MATCH {
                tokens.push(((len as u32) << 16) | dist as u32);
                matcher.insert_to(pos + len);
                pos += len;
            } else {
                tokens.push(u32::from(data[pos]));
                pos += 1;
            }
        }
        if tokens.len() >= BLOCK_TOKENS {
            writer.block(&tokens, &data[block_start..pos], false);
            tokens.clear();
            block_start = pos;
        }
    }
    writer.block(&tokens, &data[block_start..], true);
    writer.align();
    writer.out.extend_from_slice(&adler32(data).to_be_bytes());
    writer.out
}

/// The data of the zlib stream `stream`, refused if it is not exactly one valid stream (nothing
/// after its checksum) or if it expands beyond `limit` bytes.
pub fn decompress(stream: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let [cmf, flg, ..] = *stream else { return Err(InflateError::Corrupt) };
    // Deflate with a window of at most 32 KiB, the header check, and no preset dictionary.
    if cmf & 0x0f != 8 || cmf >> 4 > 7 || (u16::from(cmf) << 8 | u16::from(flg)) % 31 != 0 || flg & 0x20 != 0 {
        return Err(InflateError::Corrupt);
    }
    let mut bits = BitReader { data: stream, pos: 2, acc: 0, n_bits: 0 };
    let mut out = Vec::new();
    loop {
        let last = bits.take(1)?;
        match bits.take(2)? {
            0 => {
                // Stored: the bits left in the current byte are padding.
                bits.acc = 0;
                bits.n_bits = 0;
                let header = bits.bytes(4)?;
                let len = usize::from(u16::from_le_bytes([header[0], header[1]]));
                if u16::from_le_bytes([header[0], header[1]]) != !u16::from_le_bytes([header[2], header[3]]) {
                    return Err(InflateError::Corrupt);
                }
                let raw = bits.bytes(len)?;
                room(&mut out, len, limit)?;
                out.extend_from_slice(raw);
            }
            1 => {
                let mut lengths = [8u8; 288 + 30];
                lengths[144..256].fill(9);
                lengths[256..280].fill(7);
                lengths[288..].fill(5);
                inflate_block(
                    &mut bits,
                    &mut out,
                    limit,
                    &Huffman::new(&lengths[..288])?,
                    &Huffman::new(&lengths[288..])?,
                )?;
            }
            2 => {
                let (literals, distances) = read_dynamic_codes(&mut bits)?;
                inflate_block(&mut bits, &mut out, limit, &literals, &distances)?;
            }
            _ => return Err(InflateError::Corrupt),
        }
        if last == 1 {
            break;
        }
    }
    // The reader never holds a whole byte beyond what it used, so the checksum starts here.
    let checksum = bits.bytes(4)?;
    if bits.pos != stream.len()
        || u32::from_be_bytes([checksum[0], checksum[1], checksum[2], checksum[3]]) != adler32(&out)
    {
        return Err(InflateError::Corrupt);
    }
    Ok(out)
}

const WINDOW: usize = 1 << 15;
const HASH_BITS: u32 = 15;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
/// Candidates tried per position (zlib's level 9), a quarter of them once a match is this good.
const MAX_CHAIN: u32 = 4096;
const GOOD_MATCH: usize = 32;
/// A 3-byte match farther than this costs more than its three literals (zlib's `TOO_FAR`).
const TOO_FAR: usize = 4096;
/// Literals and matches per block: each block gets its own Huffman codes.
const BLOCK_TOKENS: usize = 1 << 14;
/// The order the code-length code's lengths are sent in.
const CODE_LENGTH_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 bytes is the most that cannot overflow `b` before the modulo.
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    (b << 16) | a
}

/// Length symbol `257 + index` for `index` in 0..29: the shortest length it codes and its
/// number of extra bits.
fn length_base(index: usize) -> (usize, u32) {
    match index {
        0..=7 => (index + 3, 0),
        28 => (258, 0),
        _ => {
            let extra = index / 4 - 1;
            (3 + ((4 + index % 4) << extra), extra as u32)
        }
    }
}

/// Distance symbol `code` in 0..30: the shortest distance it codes and its extra bits.
fn distance_base(code: usize) -> (usize, u32) {
    if code < 4 {
        (code + 1, 0)
    } else {
        let extra = code / 2 - 1;
        (1 + ((2 + code % 2) << extra), extra as u32)
    }
}

fn length_index(len: usize) -> usize {
    let v = len - 3;
    match v {
        0..=7 => v,
        255 => 28,
        _ => {
            let extra = (usize::BITS - 1 - v.leading_zeros()) as usize - 2;
            4 * extra + 4 + ((v >> extra) & 3)
        }
    }
}

fn distance_code(dist: usize) -> usize {
    let v = dist - 1;
    if v < 4 {
        v
    } else {
        let extra = (usize::BITS - 1 - v.leading_zeros()) as usize - 1;
        2 * extra + 2 + ((v >> extra) & 1)
    }
}

fn fixed_literal_length(symbol: usize) -> u8 {
    match symbol {
        0..=143 => 8,
        144..=255 => 9,
        256..=279 => 7,
        _ => 8,
    }
}

// ---- Decompression ----

struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
    acc: u32,
    n_bits: u32,
}

impl<'a> BitReader<'a> {
    /// The next `n` (at most 16) bits, least significant first. Reading whole bytes only as
    /// needed keeps fewer than 8 bits in `acc` between calls.
    fn take(&mut self, n: u32) -> Result<u32, InflateError> {
        while self.n_bits < n {
            let byte = *self.data.get(self.pos).ok_or(InflateError::Corrupt)?;
            self.pos += 1;
            self.acc |= u32::from(byte) << self.n_bits;
            self.n_bits += 8;
        }
        let value = self.acc & ((1 << n) - 1);
        self.acc >>= n;
        self.n_bits -= n;
        Ok(value)
    }

    /// `n` whole bytes; only at a byte boundary.
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], InflateError> {
        let end = self.pos.checked_add(n).filter(|end| *end <= self.data.len()).ok_or(InflateError::Corrupt)?;
        let bytes = &self.data[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }
}

/// A canonical Huffman code as counts of codes per length and symbols in code order (zlib's
/// `puff`): decoding walks one bit at a time, at most 15 steps a symbol.
struct Huffman {
    counts: [u16; 16],
    symbols: [u16; 288],
}

impl Huffman {
    /// The code with these code lengths (0: unused), refused if over-subscribed. An incomplete
    /// code is accepted; reading one of its missing codes is an error.
    fn new(lengths: &[u8]) -> Result<Huffman, InflateError> {
        let mut counts = [0u16; 16];
        for &len in lengths {
            counts[usize::from(len)] += 1;
        }
        let mut left = 1i32;
        for &count in &counts[1..] {
            left = 2 * left - i32::from(count);
            if left < 0 {
                return Err(InflateError::Corrupt);
            }
        }
        let mut offsets = [0u16; 16];
        for len in 1..15 {
            offsets[len + 1] = offsets[len] + counts[len];
        }
        let mut symbols = [0u16; 288];
        for (symbol, &len) in lengths.iter().enumerate() {
            if len != 0 {
                symbols[usize::from(offsets[usize::from(len)])] = symbol as u16;
                offsets[usize::from(len)] += 1;
            }
        }
        counts[0] = 0;
        Ok(Huffman { counts, symbols })
    }

    fn decode(&self, bits: &mut BitReader) -> Result<usize, InflateError> {
        // `code` is the bits read so far; `first` the first code of this length; `index` the
        // first symbol of this length in `symbols`.
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in &self.counts[1..] {
            code |= bits.take(1)? as i32;
            let count = i32::from(count);
            if code - first < count {
                return Ok(usize::from(self.symbols[(index + code - first) as usize]));
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(InflateError::Corrupt)
    }
}

fn read_dynamic_codes(bits: &mut BitReader) -> Result<(Huffman, Huffman), InflateError> {
    let n_literals = bits.take(5)? as usize + 257;
    let n_distances = bits.take(5)? as usize + 1;
    let n_code_lengths = bits.take(4)? as usize + 4;
    if n_literals > 286 || n_distances > 30 {
        return Err(InflateError::Corrupt);
    }
    let mut code_lengths = [0u8; 19];
    for &symbol in &CODE_LENGTH_ORDER[..n_code_lengths] {
        code_lengths[symbol] = bits.take(3)? as u8;
    }
    let code_length_code = Huffman::new(&code_lengths)?;
    let total = n_literals + n_distances;
    let mut lengths = [0u8; 286 + 30];
    let mut i = 0;
    while i < total {
        let (len, repeat) = match code_length_code.decode(bits)? {
            symbol @ 0..=15 => (symbol as u8, 1),
            16 => (*lengths[..i].last().ok_or(InflateError::Corrupt)?, 3 + bits.take(2)? as usize),
            17 => (0, 3 + bits.take(3)? as usize),
            _ => (0, 11 + bits.take(7)? as usize),
        };
        let run = lengths.get_mut(i..i + repeat).filter(|_| i + repeat <= total).ok_or(InflateError::Corrupt)?;
        run.fill(len);
        i += repeat;
    }
    // Without a code for the end of the block, the block could never end.
    if lengths[256] == 0 {
        return Err(InflateError::Corrupt);
    }
    Ok((Huffman::new(&lengths[..n_literals])?, Huffman::new(&lengths[n_literals..total])?))
}

fn inflate_block(
    bits: &mut BitReader,
    out: &mut Vec<u8>,
    limit: usize,
    literals: &Huffman,
    distances: &Huffman,
) -> Result<(), InflateError> {
    loop {
        let symbol = literals.decode(bits)?;
        match symbol {
            0..=255 => {
                room(out, 1, limit)?;
                out.push(symbol as u8);
            }
            256 => return Ok(()),
            257..=285 => {
                let (base, extra) = length_base(symbol - 257);
                let len = base + bits.take(extra)? as usize;
                let code = distances.decode(bits)?;
                if code >= 30 {
                    return Err(InflateError::Corrupt);
                }
                let (base, extra) = distance_base(code);
                let dist = base + bits.take(extra)? as usize;
                if dist > out.len() {
                    return Err(InflateError::Corrupt);
                }
                room(out, len, limit)?;
                let start = out.len() - dist;
                if dist >= len {
                    out.extend_from_within(start..start + len);
                } else {
                    for i in start..start + len {
                        out.push(out[i]);
                    }
                }
            }
            _ => return Err(InflateError::Corrupt),
        }
    }
}

/// Makes room for `n` more bytes in `out` without growing its allocation beyond `limit`.
fn room(out: &mut Vec<u8>, n: usize, limit: usize) -> Result<(), InflateError> {
    let needed = out.len() + n;
    if needed > limit {
        return Err(InflateError::TooLarge);
    }
    if needed > out.capacity() {
        out.reserve_exact(needed.max(2 * out.capacity()).min(limit) - out.len());
    }
    Ok(())
}

// ---- Compression ----

/// LZ77 matches on hash chains of the 3-byte prefixes of the last 32 KiB.
struct Matcher<'a> {
    data: &'a [u8],
    /// For each hash, the latest position with it, plus one (0: none).
    head: Vec<u32>,
    /// For each position (modulo the window), the previous position with its hash, plus one.
    prev: Vec<u32>,
    /// Positions before this one are in the chains.
    next_insert: usize,
}

impl Matcher<'_> {
    fn hash(&self, pos: usize) -> usize {
        let d = self.data;
        let v = u32::from(d[pos]) | u32::from(d[pos + 1]) << 8 | u32::from(d[pos + 2]) << 16;
        (v.wrapping_mul(0x9e37_79b1) >> (32 - HASH_BITS)) as usize
    }

    fn insert_to(&mut self, end: usize) {
        while self.next_insert < end {
            let pos = self.next_insert;
            if pos + MIN_MATCH <= self.data.len() {
                let hash = self.hash(pos);
                self.prev[pos % WINDOW] = self.head[hash];
                self.head[hash] = pos as u32 + 1;
            }
            self.next_insert += 1;
        }
    }

    /// The longest match for `pos` longer than `floor` bytes as `(len, dist)`, or `(0, 0)`.
    fn find(&self, pos: usize, mut chain: u32, floor: usize) -> (usize, usize) {
        let data = self.data;
        let max = MAX_MATCH.min(data.len() - pos);
        if max < MIN_MATCH || floor >= max {
            return (0, 0);
        }
        let (mut best_len, mut best_dist) = (floor, 0);
        let mut candidate = self.head[self.hash(pos)] as usize;
        while candidate != 0 && chain > 0 {
            let start = candidate - 1;
            if pos - start > WINDOW {
                break;
            }
            if data[start + best_len] == data[pos + best_len] {
                let len =
                    data[start..start + max].iter().zip(&data[pos..pos + max]).take_while(|(a, b)| a == b).count();
                if len > best_len {
                    (best_len, best_dist) = (len, pos - start);
                    if len == max {
                        break;
                    }
                }
            }
            let previous = self.prev[start % WINDOW] as usize;
            if previous >= candidate {
                break;
            }
            candidate = previous;
            chain -= 1;
        }
        if best_dist == 0 || (best_len == MIN_MATCH && best_dist > TOO_FAR) {
            return (0, 0);
        }
        (best_len, best_dist)
    }
}

struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    n_bits: u32,
}

impl BitWriter {
    fn put(&mut self, value: u32, n: u32) {
        self.acc |= u64::from(value) << self.n_bits;
        self.n_bits += n;
        while self.n_bits >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n_bits -= 8;
        }
    }

    fn align(&mut self) {
        if self.n_bits > 0 {
            self.put(0, 8 - self.n_bits);
        }
    }

    /// One block of `tokens` (literals, and matches as `len << 16 | dist`), which code `raw`:
    /// dynamic, fixed or stored, whichever is shortest.
    fn block(&mut self, tokens: &[u32], raw: &[u8], last: bool) {
        let mut literal_freqs = [0u32; 286];
        let mut distance_freqs = [0u32; 30];
        literal_freqs[256] = 1;
        let mut extra_bits = 0;
        for &token in tokens {
            if token < 256 {
                literal_freqs[token as usize] += 1;
            } else {
                let index = length_index((token >> 16) as usize);
                let code = distance_code((token & 0xffff) as usize);
                literal_freqs[257 + index] += 1;
                distance_freqs[code] += 1;
                extra_bits += length_base(index).1 + distance_base(code).1;
            }
        }
        let literal_lengths = code_lengths(&literal_freqs, 15);
        let distance_lengths = code_lengths(&distance_freqs, 15);
        let n_literals = 257 + literal_lengths[257..].iter().rposition(|&l| l != 0).map_or(0, |i| i + 1);
        let n_distances = 1 + distance_lengths[1..].iter().rposition(|&l| l != 0).map_or(0, |i| i + 1);
        let all_lengths: Vec<u8> =
            literal_lengths[..n_literals].iter().chain(&distance_lengths[..n_distances]).copied().collect();
        let runs = run_lengths(&all_lengths);
        let mut code_length_freqs = [0u32; 19];
        for &(symbol, _) in &runs {
            code_length_freqs[usize::from(symbol)] += 1;
        }
        let code_length_lengths = code_lengths(&code_length_freqs, 7);
        let n_code_lengths =
            4 + CODE_LENGTH_ORDER[4..].iter().rposition(|&s| code_length_lengths[s] != 0).map_or(0, |i| i + 1);

        let cost = |literal: &dyn Fn(usize) -> u8, distance: &dyn Fn(usize) -> u8| -> usize {
            let literals: usize =
                literal_freqs.iter().enumerate().map(|(s, &f)| f as usize * usize::from(literal(s))).sum();
            let distances: usize =
                distance_freqs.iter().enumerate().map(|(s, &f)| f as usize * usize::from(distance(s))).sum();
            literals + distances + extra_bits as usize
        };
        let header: usize = 14
            + 3 * n_code_lengths
            + runs
                .iter()
                .map(|&(s, _)| usize::from(code_length_lengths[usize::from(s)]) + run_extra_bits(s) as usize)
                .sum::<usize>();
        let dynamic = header + cost(&|s| literal_lengths[s], &|s| distance_lengths[s]);
        let fixed = cost(&fixed_literal_length, &|_| 5);
        let stored = raw.len().div_ceil(65535).max(1) * 40 + 8 * raw.len();

        if stored < dynamic.min(fixed) {
            let mut chunks = raw.chunks(65535).peekable();
            loop {
                let chunk = chunks.next().unwrap_or_default();
                let final_chunk = chunks.peek().is_none();
                self.put(u32::from(last && final_chunk), 3);
                self.align();
                self.put(chunk.len() as u32, 16);
                self.put(!(chunk.len() as u32) & 0xffff, 16);
                self.out.extend_from_slice(chunk);
                if final_chunk {
                    return;
                }
            }
        }
        let (literal_lengths, distance_lengths) = if fixed <= dynamic {
            self.put(u32::from(last) | 1 << 1, 3);
            ((0..288).map(fixed_literal_length).collect(), vec![5; 30])
        } else {
            self.put(u32::from(last) | 2 << 1, 3);
            self.put((n_literals - 257) as u32, 5);
            self.put((n_distances - 1) as u32, 5);
            self.put((n_code_lengths - 4) as u32, 4);
            for &symbol in &CODE_LENGTH_ORDER[..n_code_lengths] {
                self.put(u32::from(code_length_lengths[symbol]), 3);
            }
            let codes = canonical_codes(&code_length_lengths);
            for &(symbol, extra) in &runs {
                let symbol = usize::from(symbol);
                self.put(u32::from(codes[symbol]), u32::from(code_length_lengths[symbol]));
                self.put(u32::from(extra), run_extra_bits(symbol as u8));
            }
            (literal_lengths, distance_lengths)
        };
        let literal_codes = canonical_codes(&literal_lengths);
        let distance_codes = canonical_codes(&distance_lengths);
        let put_symbol = |writer: &mut BitWriter, symbol: usize| {
            writer.put(u32::from(literal_codes[symbol]), u32::from(literal_lengths[symbol]));
        };
        for &token in tokens {
            if token < 256 {
                put_symbol(self, token as usize);
            } else {
                let len = (token >> 16) as usize;
                let dist = (token & 0xffff) as usize;
                let index = length_index(len);
                let (base, extra) = length_base(index);
                put_symbol(self, 257 + index);
                self.put((len - base) as u32, extra);
                let code = distance_code(dist);
                let (base, extra) = distance_base(code);
                self.put(u32::from(distance_codes[code]), u32::from(distance_lengths[code]));
                self.put((dist - base) as u32, extra);
            }
        }
        put_symbol(self, 256);
    }
}

/// Huffman code lengths of at most `max_len` bits for these symbol frequencies. At least two
/// symbols get a code, so that every code is complete. Past `max_len` (rare: it takes very
/// skewed frequencies), the frequencies are halved until the tree is shallow enough.
fn code_lengths(freqs: &[u32], max_len: u8) -> Vec<u8> {
    let mut weights = freqs.to_vec();
    for symbol in 0..2 {
        if weights.iter().filter(|&&w| w > 0).count() < 2 && weights[symbol] == 0 {
            weights[symbol] = 1;
        }
    }
    loop {
        let lengths = tree_depths(&weights);
        if lengths.iter().all(|&len| len <= max_len) {
            return lengths;
        }
        for weight in &mut weights {
            if *weight > 0 {
                *weight = (*weight / 2).max(1);
            }
        }
    }
}

/// The depth of each symbol in a Huffman tree of these weights (0 for weight 0), built by
/// joining the two lightest nodes: at most 286 symbols, so a linear scan for them is enough.
fn tree_depths(weights: &[u32]) -> Vec<u8> {
    let mut node_weights: Vec<u32> = weights.to_vec();
    let mut parents = vec![usize::MAX; weights.len()];
    let mut roots: Vec<usize> = (0..weights.len()).filter(|&s| weights[s] > 0).collect();
    while roots.len() > 1 {
        let mut lightest = || {
            let at = (0..roots.len()).min_by_key(|&i| node_weights[roots[i]]).unwrap_or(0);
            roots.swap_remove(at)
        };
        let (a, b) = (lightest(), lightest());
        let node = node_weights.len();
        node_weights.push(node_weights[a] + node_weights[b]);
        parents.push(usize::MAX);
        parents[a] = node;
        parents[b] = node;
        roots.push(node);
    }
    // Parents come after their children, so walking backwards sees each parent's depth first.
    let mut depths = vec![0u8; node_weights.len()];
    for node in (0..node_weights.len()).rev() {
        if parents[node] != usize::MAX {
            depths[node] = depths[parents[node]].saturating_add(1);
        }
    }
    depths.truncate(weights.len());
    depths
}

/// The canonical codes of these lengths, bit-reversed: DEFLATE sends codes from their first
/// bit, and [`BitWriter`] puts least significant bits first.
fn canonical_codes(lengths: &[u8]) -> Vec<u16> {
    let mut counts = [0u16; 16];
    for &len in lengths {
        counts[usize::from(len)] += 1;
    }
    counts[0] = 0;
    let mut next = [0u16; 16];
    let mut code = 0u16;
    for len in 1..16 {
        code = (code + counts[len - 1]) << 1;
        next[len] = code;
    }
    lengths
        .iter()
        .map(|&len| {
            if len == 0 {
                return 0;
            }
            let code = next[usize::from(len)];
            next[usize::from(len)] += 1;
            code.reverse_bits() >> (16 - len)
        })
        .collect()
}

/// Extra bits after a code-length symbol.
fn run_extra_bits(symbol: u8) -> u32 {
    match symbol {
        16 => 2,
        17 => 3,
        18 => 7,
        _ => 0,
    }
}

/// The code lengths as code-length symbols with their extra bits' values: 0-15 a length, 16
/// repeats the previous length 3-6 times, 17 and 18 write 3-10 and 11-138 zeros.
fn run_lengths(lengths: &[u8]) -> Vec<(u8, u8)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < lengths.len() {
        let len = lengths[i];
        let run = lengths[i..].iter().take_while(|&&l| l == len).count();
        i += run;
        let mut left = run;
        if len != 0 {
            runs.push((len, 0));
            left -= 1;
            while left >= 3 {
                let repeat = left.min(6);
                runs.push((16, (repeat - 3) as u8));
                left -= repeat;
            }
        } else {
            while left >= 3 {
                let repeat = left.min(138);
                runs.push(if repeat >= 11 { (18, (repeat - 11) as u8) } else { (17, (repeat - 3) as u8) });
                left -= repeat;
            }
        }
        runs.extend(std::iter::repeat_n((len, 0), left));
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::SimRng;
    use miniz_oxide::deflate::compress_to_vec_zlib as miniz_compress;
    use miniz_oxide::inflate::decompress_to_vec_zlib as miniz_decompress;

    const YAML: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: nginx, image: nginx}]\n";

    fn random_bytes(seed: u64, len: usize, alphabet: u32) -> Vec<u8> {
        let mut rng = SimRng::new(seed);
        (0..len).map(|_| rng.below(alphabet) as u8).collect()
    }

    /// Text of random words from a small vocabulary: matches of every length and distance.
    fn random_words(seed: u64, len: usize) -> Vec<u8> {
        let words =
            ["pod", "node-1", "kubectl", "get", " ", "\n", "replicas: ", "nginx", "web-7d9f", "{app: web}", "3", "42"];
        let mut rng = SimRng::new(seed);
        let mut text = Vec::new();
        while text.len() < len {
            text.extend_from_slice(words[rng.below(words.len() as u32) as usize].as_bytes());
        }
        text.truncate(len);
        text
    }

    /// Compressed by us, read back by us and by miniz, byte for byte.
    fn check_round_trip(data: &[u8]) -> Vec<u8> {
        let stream = compress(data);
        assert_eq!(decompress(&stream, data.len()).as_deref(), Ok(data), "{} bytes", data.len());
        assert_eq!(miniz_decompress(&stream).ok().as_deref(), Some(data), "miniz reads {} bytes", data.len());
        stream
    }

    fn inputs() -> Vec<Vec<u8>> {
        let mut inputs =
            vec![Vec::new(), vec![0], vec![255], b"ab".to_vec(), b"abc".to_vec(), YAML.as_bytes().to_vec()];
        for len in [3, 4, 5, 257, 258, 259, 1000, 70_000] {
            inputs.push(vec![b'a'; len]);
            inputs.push(b"ab".iter().copied().cycle().take(len).collect());
        }
        for seed in 0..40 {
            let len = (seed as usize * 997) % 5000;
            inputs.push(random_bytes(seed, len, 256));
            inputs.push(random_bytes(seed, len, 4));
            inputs.push(random_words(seed, len));
        }
        inputs.push(YAML.repeat(500).into_bytes());
        inputs.push((0..=255u8).collect());
        inputs
    }

    #[test]
    fn round_trips_through_both_inflaters() {
        for data in inputs() {
            check_round_trip(&data);
        }
    }

    #[test]
    fn megabyte_inputs_round_trip() {
        for data in
            [vec![0; 1 << 20], random_bytes(7, 1 << 20, 256), random_words(8, 1 << 20), random_bytes(9, 1 << 20, 16)]
        {
            let stream = check_round_trip(&data);
            // Random bytes are stored, with 5 bytes of header per 64 KiB block.
            assert!(stream.len() <= data.len() + data.len() / 1000 + 16, "{} -> {}", data.len(), stream.len());
        }
    }

    #[test]
    fn reads_miniz_and_zlib_streams() {
        for data in inputs() {
            for level in [0, 1, 6, 9, 10] {
                let stream = miniz_compress(&data, level);
                assert_eq!(
                    decompress(&stream, usize::MAX).as_deref(),
                    Ok(&data[..]),
                    "level {level}, {} bytes",
                    data.len()
                );
            }
        }
        // Python's zlib.compress (zlib 1.2/1.3) at levels 1 and 9.
        for hex in [
            "78016d8ebb0ec2300c45f77c853f0009c1e89991990531b8a9552c12276a2c1eaafaefb8d08181f1cae75e1faa72e2b1495104aab56defbb7013ed110e5c537965560b998d7a3242989432233cb89b43ab1c31008c0e4aa486b0f7d43871b4323a9bc9e2f5481d27bf4dbefe2dce4e19e79ac878e903fceca7bfb8cfaecf163c163512756d84f36aa483e87303926970bf4f9a2fe10d15914ab0",
            "78da6d8ebb0ec2300c45f77c853f0009c1e89991990531b8a9552c12276a2c1eaafaefb8a2480c78bbf2b90faa72e2b1495104aab56defbb7013ed110e5c537965560b998d7a3242989432233cb89b43ab1c31008c0e4aa486b077d53871b4323a9bc9e2f5481d27ff4d9efe31ce4e19e79ac878f103fce4a7bfb8c7ae65cbc5a246a23e1be1bc2ed241f4b901c9347cd57c096f15914ab0",
        ] {
            let stream: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
            assert_eq!(decompress(&stream, 1000).as_deref(), Ok(YAML.as_bytes()));
        }
    }

    /// Journals of every scenario and lesson: our streams against miniz's level 9.
    #[test]
    fn real_journals_compress_about_as_well_as_miniz() {
        let mut bodies = Vec::new();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scenarios");
        let mut names: Vec<_> = std::fs::read_dir(dir).expect("scenarios").map(|e| e.expect("entry").path()).collect();
        names.sort();
        for path in names.iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
            let text = std::fs::read_to_string(path).expect("scenario");
            let options = crate::runner::RunOptions::default();
            if let Ok((_, session)) = crate::runner::run_scenario(&text, "s.yaml", &crate::cmd::NoFiles, &options) {
                bodies.push(journal_body(session.journal()));
            }
        }
        for lesson in crate::lessons::builtin().expect("lessons") {
            let mut run = crate::lessons::runtime::LessonRun::start(lesson.clone()).expect("starts");
            for step in &lesson.steps {
                for line in &step.solution {
                    run.run(line);
                }
                run.advance(crate::engine::time::SimDuration::from_secs(60));
                run.next_step();
            }
            bodies.push(journal_body(run.session.journal()));
        }
        assert!(bodies.len() >= 20, "{}", bodies.len());
        let (mut ours, mut theirs, mut raw) = (0, 0, 0);
        for body in &bodies {
            let stream = check_round_trip(body);
            let reference = miniz_compress(body, 9);
            assert!(
                stream.len() <= reference.len() * 11 / 10 + 8,
                "{} bytes: ours {}, miniz {}",
                body.len(),
                stream.len(),
                reference.len()
            );
            (ours, theirs, raw) = (ours + stream.len(), theirs + reference.len(), raw + body.len());
        }
        eprintln!("{} journals, {raw} bytes: ours {ours} bytes, miniz level 9 {theirs} bytes", bodies.len());
        assert!(ours * 100 <= theirs * 105, "ours {ours}, miniz {theirs}");
    }

    fn journal_body(journal: &crate::session::Journal) -> Vec<u8> {
        let data = crate::session::codec::encode_data(journal);
        decompress(&data[1..], usize::MAX).expect("the codec's stream")
    }

    #[test]
    fn damaged_streams_are_refused() {
        let data = YAML.repeat(3).into_bytes();
        for stream in [compress(&data), miniz_compress(&data, 9), compress(&random_bytes(1, 300, 256)), compress(b"")] {
            let original = decompress(&stream, usize::MAX).expect("valid");
            for cut in 0..stream.len() {
                assert_eq!(decompress(&stream[..cut], usize::MAX), Err(InflateError::Corrupt), "cut at {cut}");
            }
            for at in 0..stream.len() {
                for bit in 0..8 {
                    let mut flipped = stream.clone();
                    flipped[at] ^= 1 << bit;
                    // Only the padding after the last block can change without changing the data.
                    if let Ok(data) = decompress(&flipped, usize::MAX) {
                        assert_eq!(data, original, "byte {at} bit {bit}");
                    }
                }
            }
            let mut longer = stream.clone();
            longer.push(0);
            assert_eq!(decompress(&longer, usize::MAX), Err(InflateError::Corrupt));
        }
    }

    #[test]
    fn malformed_streams_are_refused() {
        let corrupt = |stream: &[u8]| assert_eq!(decompress(stream, 1000), Err(InflateError::Corrupt), "{stream:02x?}");
        corrupt(&[]);
        corrupt(&[0x78]);
        corrupt(&[0x79, 0xda, 3, 0, 0, 0, 0, 1]); // not deflate
        corrupt(&[0x88, 0x1c, 3, 0, 0, 0, 0, 1]); // a 64 KiB window
        corrupt(&[0x78, 0xdb, 3, 0, 0, 0, 0, 1]); // header check
        corrupt(&[0x78, 0xbb, 3, 0, 0, 0, 0, 1]); // a preset dictionary
        corrupt(&[0x78, 0xda, 7, 0, 0, 0, 0, 1]); // block type 3
        corrupt(&[0x78, 0xda, 1, 1, 0, 0xff, 0xff, b'a', 0, 0x62, 0, 0x62]); // LEN and NLEN disagree
        corrupt(&[0x78, 0xda, 3, 0, 0, 0, 0, 2]); // checksum
        corrupt(&[0x78, 0xda, 0x03, 0x02, 0x00, 0, 0, 0, 1]); // a match (3, 1) before any output
                                                              // Fixed code 286 (11000110): final fixed block, then the 8 bits from the first.
        corrupt(&[0x78, 0xda, 0x1b, 0x03, 0, 0, 0, 1]);
        // A dynamic block whose code-length code is over-subscribed (four 1-bit codes).
        corrupt(&[0x78, 0xda, 0x05, 0xe0, 0x24, 0x49, 0, 0, 0, 0, 0, 0]);
        let mut rng = SimRng::new(3);
        for _ in 0..3000 {
            let len = rng.below(64) as usize;
            let mut stream = vec![0x78, 0xda];
            stream.extend((0..len).map(|_| rng.below(256) as u8));
            // Never a panic; as good as never valid.
            assert!(decompress(&stream, 1 << 20).is_err());
        }
    }

    #[test]
    fn the_limit_stops_output_before_it_is_allocated() {
        let data = vec![7u8; 100_000];
        for stream in [compress(&data), miniz_compress(&data, 9), miniz_compress(&data, 0)] {
            let exact = decompress(&stream, data.len()).expect("fits");
            assert_eq!(exact, data);
            assert!(exact.capacity() <= data.len(), "{}", exact.capacity());
            assert_eq!(decompress(&stream, data.len() - 1), Err(InflateError::TooLarge));
            assert_eq!(decompress(&stream, 0), Err(InflateError::TooLarge));
        }
        // 1 GiB of zeros in 1 MiB of stream: refused at 16 MiB, quickly.
        let bomb = miniz_compress(&vec![0; 64 << 20], 9);
        assert_eq!(decompress(&bomb, 16 << 20), Err(InflateError::TooLarge));
    }

    #[test]
    fn length_and_distance_codes_match_rfc_1951() {
        for len in 3..=258 {
            let index = length_index(len);
            let (base, extra) = length_base(index);
            assert!(base <= len && len - base < 1 << extra, "{len}");
            assert!(index == 28 || len < length_base(index + 1).0, "{len}");
        }
        assert_eq!((length_base(8), length_base(27), length_base(28)), ((11, 1), (227, 5), (258, 0)));
        for dist in 1..=32768 {
            let code = distance_code(dist);
            let (base, extra) = distance_base(code);
            assert!(code < 30 && base <= dist && dist - base < 1 << extra, "{dist}");
        }
        assert_eq!((distance_base(4), distance_base(29)), ((5, 1), (24577, 13)));
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
    }

    #[test]
    fn code_lengths_are_limited_and_complete() {
        // Fibonacci frequencies make a Huffman tree as deep as it can be.
        let mut freqs = vec![1u32, 1];
        while freqs.len() < 30 {
            freqs.push(freqs[freqs.len() - 1] + freqs[freqs.len() - 2]);
        }
        for max_len in [7, 15] {
            let lengths = code_lengths(&freqs, max_len);
            assert!(lengths.iter().all(|&l| (1..=max_len).contains(&l)), "{lengths:?}");
            let kraft: f64 = lengths.iter().map(|&l| 0.5f64.powi(i32::from(l))).sum();
            assert_eq!(kraft, 1.0, "{lengths:?}");
        }
        assert_eq!(code_lengths(&[0, 0, 5, 0], 15), vec![1, 0, 1, 0]);
        assert_eq!(code_lengths(&[0, 0, 0], 15), vec![1, 1, 0]);
    }
}
