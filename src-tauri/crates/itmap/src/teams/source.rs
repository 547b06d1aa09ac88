//! Reading the export files: finding each one in the directory (exact name first, then ignoring case), decoding
//! it (UTF-8 with or without a byte-order mark, or UTF-16 with one, as `Export-Csv -Encoding Unicode` writes),
//! skipping the `#TYPE` line Windows PowerShell puts first, and looking columns up by name ignoring case.

use crate::MapError;
use std::path::{Path, PathBuf};

/// The files of an export directory.
pub(super) struct Listing {
    dir: PathBuf,
    names: Vec<String>,
}

impl Listing {
    /// Lists `dir`; an unreadable directory is fatal.
    pub(super) fn read(dir: &Path) -> Result<Self, MapError> {
        let fatal = |err: std::io::Error| MapError::TeamsImport {
            file: dir.display().to_string(),
            message: format!("cannot list the export directory: {err}"),
        };
        let mut names = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(fatal)? {
            let entry = entry.map_err(fatal)?;
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
        names.sort();
        Ok(Self { dir: dir.to_owned(), names })
    }

    /// CSV files in the directory that are none of `expected` (even ignoring case).
    pub(super) fn unexpected_csv(&self, expected: &[&str]) -> Vec<String> {
        self.names
            .iter()
            .filter(|n| n.to_ascii_lowercase().ends_with(".csv"))
            .filter(|n| !expected.iter().any(|e| n.eq_ignore_ascii_case(e)))
            .cloned()
            .collect()
    }

    /// Reads `file`. A missing file is `None` when optional and fatal when `required`; so is an empty one (no
    /// header row: what `Export-Csv` writes when the cmdlet returned nothing).
    pub(super) fn table(&self, file: &'static str, required: bool) -> Result<Option<Table>, MapError> {
        let name = self
            .names
            .iter()
            .find(|n| n.as_str() == file)
            .or_else(|| self.names.iter().find(|n| n.eq_ignore_ascii_case(file)));
        let Some(name) = name else {
            return if required {
                Err(fatal(file, format!("the file is missing from {}; it is required", self.dir.display())))
            } else {
                Ok(None)
            };
        };
        let bytes = std::fs::read(self.dir.join(name)).map_err(|err| fatal(file, format!("cannot read: {err}")))?;
        let table = Table::parse(file, &bytes)?;
        match table {
            None if required => Err(fatal(file, "the file is empty (no header row); it is required".into())),
            other => Ok(other),
        }
    }
}

fn fatal(file: &str, message: String) -> MapError {
    MapError::TeamsImport { file: file.to_owned(), message }
}

/// One export file: its header (lower case) and rows.
pub(super) struct Table {
    /// The file name as expected, e.g. `subnets.csv`, for notes and errors.
    pub(super) file: &'static str,
    header: Vec<String>,
    /// The data rows in file order.
    pub(super) rows: Vec<Row>,
}

/// One data row.
pub(super) struct Row {
    /// 1-based line in the file where the row starts, counting the header and any `#TYPE` line.
    pub(super) line: u64,
    fields: Vec<String>,
}

impl Row {
    /// The trimmed value in `column`, empty when the column is absent or the row is short.
    pub(super) fn get(&self, column: Option<usize>) -> &str {
        column.and_then(|i| self.fields.get(i)).map_or("", String::as_str)
    }
}

impl Table {
    /// Decodes and parses a file; `None` when it has no header row.
    fn parse(file: &'static str, bytes: &[u8]) -> Result<Option<Self>, MapError> {
        let text = decode(bytes).map_err(|message| fatal(file, message))?;
        let (body, skipped) = skip_type_line(&text);
        let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(body.as_bytes());
        let unreadable = |err: csv::Error| {
            let at = err.position().map(|p| format!(" at line {}", p.line() + skipped)).unwrap_or_default();
            fatal(file, format!("not readable as CSV{at}: {err}"))
        };
        let header: Vec<String> = reader.headers().map_err(unreadable)?.iter().map(str::to_ascii_lowercase).collect();
        if header.iter().all(String::is_empty) {
            return Ok(None);
        }
        let mut rows = Vec::new();
        let mut lines = LineCounter::new(body.as_bytes());
        for record in reader.records() {
            let record = record.map_err(unreadable)?;
            let line = record.position().map_or(0, |p| lines.line_at(p.byte())) + skipped;
            rows.push(Row { line, fields: record.iter().map(str::to_owned).collect() });
        }
        Ok(Some(Self { file, header, rows }))
    }

    /// The index of column `name`, ignoring case.
    pub(super) fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h.eq_ignore_ascii_case(name))
    }

    /// The index of column `name`; its absence is fatal.
    pub(super) fn required(&self, name: &str) -> Result<usize, MapError> {
        self.column(name).ok_or_else(|| {
            fatal(
                self.file,
                format!("the required column \"{name}\" is missing (column names are matched ignoring case)"),
            )
        })
    }
}

/// Line numbers from byte offsets. The CSV reader's own line count is off after CRLF line ends (what PowerShell
/// writes on Windows) and blank lines, and the byte offset it reports for a record can be the end of the previous
/// line; so line ends are skipped forward, then counted.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        Self { text, offset: 0, line: 1 }
    }

    /// The 1-based line of the record reported at `byte`; offsets must not decrease between calls.
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start >= self.offset {
            self.line += self.text[self.offset..start].iter().filter(|&&b| b == b'\n').count() as u64;
            self.offset = start;
        }
        self.line
    }
}

/// UTF-8 (a byte-order mark is dropped) or UTF-16 with a byte-order mark.
fn decode(bytes: &[u8]) -> Result<String, String> {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        if !bytes.len().is_multiple_of(2) {
            return Err("the file starts with a UTF-16 byte-order mark but has an odd number of bytes".to_owned());
        }
        let units: Vec<u16> = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]])).collect();
        String::from_utf16(&units).map_err(|_| "the file is not valid UTF-16 text".to_owned())
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => utf8(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Result<String, String> {
    String::from_utf8(bytes.to_vec()).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        format!(
            "line {line} is not UTF-8 text; export again with `Export-Csv -Encoding UTF8` (PowerShell 7 writes UTF-8 \
             by default)"
        )
    })
}

/// Windows PowerShell's `Export-Csv` writes `#TYPE <type name>` before the header unless `-NoTypeInformation`
/// is given. Returns the text after it and how many lines were skipped.
fn skip_type_line(text: &str) -> (&str, u64) {
    if text.get(..5).is_some_and(|start| start.eq_ignore_ascii_case("#type")) {
        match text.find('\n') {
            Some(end) => (&text[end + 1..], 1),
            None => ("", 1),
        }
    } else {
        (text, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_marks_and_the_type_line_are_handled() {
        let text = "#TYPE Selected.System.Management.Automation.PSCustomObject\r\n\"A\",\"b\"\r\n\"1\",\"2\"\r\n";
        let mut utf8 = vec![0xEF, 0xBB, 0xBF];
        utf8.extend_from_slice(text.as_bytes());
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        for bytes in [text.as_bytes().to_vec(), utf8, utf16] {
            let table = Table::parse("x.csv", &bytes).expect("parses").expect("has a header");
            assert_eq!(table.column("a"), Some(0));
            assert_eq!(table.column("B"), Some(1));
            assert_eq!(table.rows.len(), 1);
            assert_eq!(table.rows[0].line, 3, "the #TYPE line and the header come first");
            assert_eq!(table.rows[0].get(table.column("b")), "2");
            assert_eq!(table.rows[0].get(table.column("missing")), "");
        }
    }

    #[test]
    fn lines_are_counted_whatever_the_line_ends() {
        for text in [
            "a,b\n1,2\n3,4\n",
            "a,b\r\n1,2\r\n3,4\r\n",
            "a,b\r\n\r\n1,2\r\n\r\n\r\n3,4",
            "a,b\n\"multi\nline\",2\n3,4\n",
        ] {
            let table = Table::parse("x.csv", text.as_bytes()).expect("parses").expect("has a header");
            let expected: Vec<u64> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.starts_with(['1', '3', '"']))
                .map(|(i, _)| i as u64 + 1)
                .collect();
            assert_eq!(table.rows.iter().map(|r| r.line).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    #[test]
    fn empty_files_have_no_table_and_bad_encodings_are_fatal() {
        assert!(Table::parse("x.csv", b"").expect("empty is fine").is_none());
        assert!(Table::parse("x.csv", &[0xEF, 0xBB, 0xBF]).expect("a lone BOM is fine").is_none());
        let err = Table::parse("x.csv", b"a,b\n1,\xE9\n").err().expect("latin-1 is refused");
        assert!(
            matches!(err, MapError::TeamsImport { ref file, ref message } if file == "x.csv" && message.contains("line 2"))
        );
    }
}
