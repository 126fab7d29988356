//! A port of Go's `text/tabwriter` layout (left-aligned, space padding), which both
//! `kubectl get` (minwidth 6, padding 3) and `kubectl describe` (minwidth 0, padding 2) use.
//! Cells end at a tab; the text after a line's last tab is not part of any column.

/// Aligns tab-separated `text`. A column's width is the widest cell of its *column block*
/// (consecutive lines that have a cell in that column) plus `padding`, at least `minwidth`,
/// so a line with fewer cells starts a new alignment below it, as in Go.
pub fn align(text: &str, minwidth: usize, padding: usize) -> String {
    let mut raw_lines: Vec<&str> = text.split('\n').collect();
    // Text after the final newline is a partial line; an empty one is no line at all.
    let trailing = raw_lines.pop().unwrap_or("");
    let mut lines: Vec<Vec<&str>> = raw_lines.iter().map(|line| line.split('\t').collect()).collect();
    let has_partial = !trailing.is_empty();
    if has_partial {
        lines.push(trailing.split('\t').collect());
    }
    let layout = Layout { lines: &lines, minwidth, padding, partial_last: has_partial };
    let mut out = String::with_capacity(text.len() * 2);
    let mut widths = Vec::new();
    layout.format(&mut widths, 0, lines.len(), &mut out);
    out
}

struct Layout<'a> {
    lines: &'a [Vec<&'a str>],
    minwidth: usize,
    padding: usize,
    partial_last: bool,
}

fn width_of(cell: &str) -> usize {
    cell.chars().count()
}

impl Layout<'_> {
    /// Go's `Writer.format`: find each block of lines that has a cell in the next column,
    /// fix that column's width, and recurse for the columns to its right.
    fn format(&self, widths: &mut Vec<usize>, line0: usize, line1: usize, out: &mut String) {
        let column = widths.len();
        let mut start = line0;
        let mut this = line0;
        while this < line1 {
            if column + 1 >= self.lines[this].len() {
                this += 1;
                continue;
            }
            self.write_lines(widths, start, this, out);
            start = this;
            let mut width = self.minwidth;
            while this < line1 && column + 1 < self.lines[this].len() {
                width = width.max(width_of(self.lines[this][column]) + self.padding);
                this += 1;
            }
            widths.push(width);
            self.format(widths, start, this, out);
            widths.pop();
            start = this;
        }
        self.write_lines(widths, start, line1, out);
    }

    fn write_lines(&self, widths: &[usize], line0: usize, line1: usize, out: &mut String) {
        for line_idx in line0..line1 {
            let cells = &self.lines[line_idx];
            for (cell_idx, cell) in cells.iter().enumerate() {
                out.push_str(cell);
                if let Some(width) = widths.get(cell_idx) {
                    if cell_idx + 1 < cells.len() {
                        let pad = width.saturating_sub(width_of(cell));
                        out.extend(std::iter::repeat_n(' ', pad));
                    }
                }
            }
            if !(self.partial_last && line_idx + 1 == self.lines.len()) {
                out.push('\n');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, minwidth: usize, padding: usize, expected: &str) {
        assert_eq!(align(input, minwidth, padding), expected);
    }

    #[test]
    fn get_style_columns() {
        check("NAME\tREADY\tAGE\nweb\t1/1\t5m\n", 6, 3, "NAME   READY   AGE\nweb    1/1     5m\n");
        // minwidth 6 applies to short columns.
        check("A\tB\nx\ty\n", 6, 3, "A     B\nx     y\n");
    }

    #[test]
    fn describe_style_blocks() {
        // A line without a tab ends the block: the lines below align on their own.
        check(
            "Name:\tweb\nNamespace:\tdefault\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/x\n",
            0,
            2,
            "Name:       web\nNamespace:  default\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/x\n",
        );
        // Nested columns only align within the outer block.
        check(
            "Port:\t<unset>\t80/TCP\nTargetPort:\t80/TCP\n",
            0,
            2,
            "Port:        <unset>  80/TCP\nTargetPort:  80/TCP\n",
        );
    }

    #[test]
    fn partial_last_line_and_empty_cells() {
        check("a\tb\nc", 0, 1, "a b\nc");
        check("Image ID:\t\nImage:\tnginx\n", 0, 2, "Image ID:  \nImage:     nginx\n");
        check("", 6, 3, "");
    }
}
