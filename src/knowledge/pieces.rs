//! Where a large knowledge file may be cut, so that it is parsed a piece at
//! a time: the TOML parser's document of a whole 50 MB file takes several
//! times the file's size, a piece's only a few megabytes.
//!
//! A piece starts at a line that is an `[[entry]]` or `[[outside]]` header.
//! Such a line may also sit inside a multi-line string; the validator then
//! finds the piece before it unterminated (TOML is read left to right, so a
//! piece reads as the start of the whole file does) and parses the file
//! whole instead.

/// Files from this size on are parsed in pieces of about this size.
pub(super) const PIECE_BYTES: usize = 1 << 20;

/// Whether a line is a header a piece may start at: `[[entry]]` or
/// `[[outside]]`, with spaces or a comment around it.
fn is_cut(line: &str) -> bool {
    let line = line.trim_start();
    ["[[entry]]", "[[outside]]"].iter().any(|h| {
        line.strip_prefix(h).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.is_empty() || rest.starts_with('#')
        })
    })
}

/// The byte offsets where the pieces of `text` start, each piece at least
/// `size` bytes long but the last; the first is 0.
///
/// ```text
/// cuts("[[entry]]\na=1\n[[entry]]\na=2\n", 1) == [0, 14]
/// ```
pub(super) fn cuts(text: &str, size: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
        if start - cuts[cuts.len() - 1] >= size && is_cut(&text[start..end]) {
            cuts.push(start);
        }
        start = end;
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::super::validate::Validator;
    use super::*;

    /// What the validator makes of `text` read whole and read in pieces of
    /// every size from one byte up: the same knowledge, or the same problems.
    fn same_in_pieces(text: &str) -> String {
        let read = |piece_bytes: usize| {
            let mut v = Validator::default();
            v.file_cut("k.toml".as_ref(), text.as_bytes(), piece_bytes);
            format!("{:?}", v.finish())
        };
        let whole = read(usize::MAX);
        for piece_bytes in [1, 2, 10, 40, 100, 300] {
            assert_eq!(read(piece_bytes), whole, "in pieces of {piece_bytes} bytes");
        }
        whole
    }

    const ARTICLE: &str = "stopwords = ['يعني']\n[article]\ntitle = 't'\nparagraphs = 3\n";

    fn entry(id: &str) -> String {
        format!("[[entry]]\n# {id}\nid = '{id}'\nquestions = ['متى {id}؟', 'اين {id}']\nanswer = 'ج'\nparagraph = 1\n")
    }

    #[test]
    fn a_file_reads_the_same_in_pieces() {
        let mut text = ARTICLE.to_string();
        for i in 0..6 {
            text += &entry(&format!("e{i}"));
            text += &format!(
                "[[outside]]\nid = 'o{i}'\nquestions = ['طقس {i}']\n[[synonym]]\ncanonical = 'ك{i}'\nvariants = ['ق{i}']\n"
            );
        }
        assert!(same_in_pieces(&text).starts_with("Ok("));
    }

    #[test]
    fn problems_keep_their_lines_in_pieces() {
        let mut text = ARTICLE.to_string();
        for i in 0..4 {
            text += &entry(&format!("e{i}"));
        }
        text += "[[entry]]\nid = 'Bad'\nquestions = []\n";
        text += &entry("e1");
        text += "[[outside]]\nid = 'o'\n";
        text += &entry("e9").replace("paragraph = 1", "paragraph = 7");
        let got = same_in_pieces(&text);
        for problem in [
            r#"line: 31 }, message: "entry \"Bad\" has no questions""#,
            r#"line: 32 }, message: "duplicate id \"e1\" (first at k.toml:11)""#,
            r#"line: 38 }, message: "outside \"o\" has no questions""#,
            r#"line: 40 }, message: "entry \"e9\" cites paragraph 7"#,
        ] {
            assert!(got.contains(problem), "{problem} in {got}");
        }
    }

    #[test]
    fn what_pieces_would_read_otherwise_is_read_whole() {
        let entries = format!("{}{}", entry("a"), entry("b"));
        for text in [
            // A header inside a multi-line string.
            format!(
                "{ARTICLE}{}[[entry]]\nid = 'c'\nanswer = \"\"\"x\n[[entry]]\ny\"\"\"\nquestions = ['q c']\nparagraph = 1\n{}",
                entry("a"),
                entry("d")
            ),
            // A second [article] in a later piece.
            format!("{ARTICLE}{entries}[article]\ntitle = 'u'\nparagraphs = 2\n{}", entry("c")),
            // Inline tables and then arrays of tables of the same name.
            format!("entry = [{{ id = 'x', questions = ['س'], answer = 'ج', paragraph = 1 }}]\n{ARTICLE}{entries}"),
            // A syntax error in a later piece.
            format!("{ARTICLE}{entries}[[entry]]\nid = 'c\n{}", entry("d")),
            // A plain table where the arrays were.
            format!("{ARTICLE}{entries}[[outside]]\nid = 'o'\nquestions = ['س']\n[entry]\nid = 'z'\n"),
        ] {
            same_in_pieces(&text);
        }
    }

    #[test]
    fn pieces_start_at_entry_and_outside_headers_only() {
        let text = "stopwords = []\n[article]\ntitle = 't'\n[[entry]]\nid = 'a'\n  [[outside]] # g\nid = 'b'\n\
                    [[synonym]]\ncanonical = 'c'\n[[entry]]x\n[[entry]]\n";
        let starts: Vec<&str> = cuts(text, 1).iter().map(|&c| text[c..].lines().next().unwrap()).collect();
        assert_eq!(starts, ["stopwords = []", "[[entry]]", "  [[outside]] # g", "[[entry]]"]);
    }

    #[test]
    fn pieces_are_at_least_the_size_asked() {
        let text = "[[entry]]\nid = 'a'\n".repeat(100);
        let cuts = cuts(&text, 100);
        assert!(cuts.len() > 5);
        assert!(cuts.windows(2).all(|w| w[1] - w[0] >= 100));
        assert_eq!(super::cuts(&text, text.len()), [0]);
    }
}
