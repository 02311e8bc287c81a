//! The tables `explain` and `impact` print: aligned columns, the decision column coloured on a
//! terminal (green done, yellow not done, red refused) and plain when piped, with `NO_COLOR`
//! or `--color never`.

use std::io::IsTerminal;

use clap::ValueEnum;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour stdout.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// How a row's decision is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Good,
    Skipped,
    Bad,
    Plain,
}

impl Tone {
    fn code(self) -> &'static str {
        match self {
            Tone::Good => "\x1b[32m",
            Tone::Skipped => "\x1b[33m",
            Tone::Bad => "\x1b[31m",
            Tone::Plain => "",
        }
    }
}

/// One line of a table; `cells[decision]` is coloured by `tone`.
pub struct Row {
    pub cells: Vec<String>,
    pub tone: Tone,
}

/// The table as text: a header, then the rows, each column as wide as its widest cell (the
/// last column is not padded).
pub fn render(header: &[&str], decision: usize, rows: &[Row], color: bool) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(&row.cells) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String], tone: Tone| {
        let last = cells.len().saturating_sub(1);
        let mut out = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            let padding = if i == last { 0 } else { width.saturating_sub(cell.chars().count()) + 2 };
            if color && i == decision && tone != Tone::Plain {
                out.push_str(tone.code());
                out.push_str(cell);
                out.push_str("\x1b[0m");
            } else {
                out.push_str(cell);
            }
            out.extend(std::iter::repeat_n(' ', padding));
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    };
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let mut out = line(&header, Tone::Plain);
    for row in rows {
        out.push_str(&line(&row.cells, row.tone));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_and_colour_only_the_decision() {
        let rows = vec![
            Row { cells: vec!["Pod/a".into(), "injected".into(), "x".into()], tone: Tone::Good },
            Row { cells: vec!["Deployment/bb".into(), "not injected".into(), "y z".into()], tone: Tone::Skipped },
        ];
        let plain = render(&["POD", "DECISION", "DETAIL"], 1, &rows, false);
        assert_eq!(
            plain,
            "POD            DECISION      DETAIL\nPod/a          injected      x\nDeployment/bb  not injected  y z\n"
        );
        let coloured = render(&["POD", "DECISION", "DETAIL"], 1, &rows, true);
        assert!(coloured.contains("\x1b[32minjected\x1b[0m      x"));
        assert!(coloured.starts_with("POD            DECISION"));
    }
}
