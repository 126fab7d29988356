//! `kubectl get` tables: a header row, cell rows, columns marked wide-only (upstream
//! `Priority: 1`), and the layout of kubectl's tabwriter (minwidth 6, padding 3).

use super::tabwriter;

/// A printed table before layout. `wide_only[i]` says column `i` only shows with `-o wide`;
/// `labels[r]` is row `r`'s `--show-labels` cell (`app=web,tier=fe` or `<none>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub wide_only: Vec<bool>,
    pub rows: Vec<Vec<String>>,
    pub labels: Vec<String>,
}

/// How to render a table: `-o wide`, `--show-labels`, `--no-headers`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderOptions {
    pub wide: bool,
    pub show_labels: bool,
    pub no_headers: bool,
}

impl Table {
    /// A table with these columns; a column name ending in `+` is wide-only (`"IP+"`).
    pub fn new(columns: &[&str]) -> Table {
        let headers = columns.iter().map(|c| c.trim_end_matches('+').to_string()).collect();
        let wide_only = columns.iter().map(|c| c.ends_with('+')).collect();
        Table { headers, wide_only, rows: Vec::new(), labels: Vec::new() }
    }

    /// Appends a row with all cells (wide ones included) and its LABELS cell.
    pub fn push(&mut self, cells: Vec<String>, labels: String) {
        debug_assert_eq!(cells.len(), self.headers.len());
        self.rows.push(cells);
        self.labels.push(labels);
    }

    /// Prefixes the first (NAME) column with `kind/`, as `kubectl get all` and
    /// `kubectl get pods,svc` print names.
    pub fn with_kind_prefix(mut self, prefix: &str) -> Table {
        for row in &mut self.rows {
            if let Some(name) = row.first_mut() {
                *name = format!("{prefix}/{name}");
            }
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Renders with or without the wide columns; every row ends with a newline.
pub fn render_table(table: &Table, wide: bool) -> String {
    render_table_with(table, &RenderOptions { wide, ..RenderOptions::default() })
}

/// Renders a table as kubectl's tabwriter does: each column is as wide as its longest cell
/// plus 3 spaces (at least 6), and the last column is not padded.
pub fn render_table_with(table: &Table, options: &RenderOptions) -> String {
    let shown: Vec<usize> = (0..table.headers.len())
        .filter(|&idx| options.wide || !table.wide_only.get(idx).copied().unwrap_or(false))
        .collect();
    let mut text = String::new();
    let mut push_line = |cells: Vec<&str>| {
        text.push_str(&cells.join("\t"));
        text.push('\n');
    };
    if !options.no_headers {
        let mut cells: Vec<&str> = shown.iter().map(|&idx| table.headers[idx].as_str()).collect();
        if options.show_labels {
            cells.push("LABELS");
        }
        push_line(cells);
    }
    for (row_idx, row) in table.rows.iter().enumerate() {
        let mut cells: Vec<&str> = shown.iter().map(|&idx| row.get(idx).map(String::as_str).unwrap_or("")).collect();
        if options.show_labels {
            cells.push(table.labels.get(row_idx).map(String::as_str).unwrap_or("<none>"));
        }
        push_line(cells);
    }
    tabwriter::align(&text, 6, 3)
}

/// What kubectl prints (to stderr) when a list is empty.
pub fn no_resources_found(namespace: Option<&str>) -> String {
    match namespace {
        Some(namespace) => format!("No resources found in {namespace} namespace."),
        None => "No resources found".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut table = Table::new(&["NAME", "READY", "IP+", "AGE", "NODE+"]);
        table.push(
            vec!["web-1".into(), "1/1".into(), "10.244.1.4".into(), "5m".into(), "worker1".into()],
            "app=web".into(),
        );
        table.push(vec!["a".into(), "0/1".into(), "<none>".into(), "12s".into(), "<none>".into()], "<none>".into());
        table
    }

    fn check(options: RenderOptions, expected: &str) {
        assert_eq!(render_table_with(&sample(), &options), expected);
    }

    #[test]
    fn narrow_and_wide() {
        check(RenderOptions::default(), "NAME    READY   AGE\nweb-1   1/1     5m\na       0/1     12s\n");
        check(
            RenderOptions { wide: true, ..Default::default() },
            "NAME    READY   IP           AGE   NODE\nweb-1   1/1     10.244.1.4   5m    worker1\na       0/1     <none>       12s   <none>\n",
        );
    }

    #[test]
    fn labels_and_no_headers() {
        check(
            RenderOptions { show_labels: true, no_headers: true, ..Default::default() },
            "web-1   1/1   5m    app=web\na       0/1   12s   <none>\n",
        );
    }

    #[test]
    fn kind_prefix() {
        let table = sample().with_kind_prefix("pod");
        assert_eq!(
            render_table(&table, false),
            "NAME        READY   AGE\npod/web-1   1/1     5m\npod/a       0/1     12s\n"
        );
    }

    #[test]
    fn empty_message() {
        assert_eq!(no_resources_found(Some("default")), "No resources found in default namespace.");
    }
}
