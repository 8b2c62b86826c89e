//! Editing one knowledge file's text: a phrasing added to one table's
//! `questions`, or a new `[[outside]]` group, with everything else of the
//! file — comments, order, spacing, quoting — as it was. The document is
//! edited with `toml_edit`, never re-serialised from values.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

/// `text` with `question` appended to the `questions` of the
/// `[[<kind>]]` table (kind "entry" or "outside") whose id is `id`.
///
/// The new line copies the indentation of the list's last phrasing (only
/// its whitespace: a comment above that phrasing is not repeated).
pub(crate) fn add_question(text: &str, kind: &str, id: &str, question: &str) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| e.message().to_lowercase())?;
    let table = tables(&mut doc, kind)?
        .iter_mut()
        .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
        .ok_or_else(|| format!("no [[{kind}]] with id {id:?}"))?;
    let questions = table
        .get_mut("questions")
        .and_then(Item::as_array_mut)
        .ok_or_else(|| format!("[[{kind}]] {id:?} has no questions list"))?;
    let prefix = match questions.iter().last().and_then(|v| v.decor().prefix()).and_then(|p| p.as_str()) {
        Some(prefix) if prefix.contains('\n') => format!("\n{}", indentation(prefix)),
        _ if questions.is_empty() => String::new(),
        _ => " ".to_string(),
    };
    questions.push_formatted(Value::from(question).decorated(prefix, ""));
    Ok(doc.to_string())
}

/// `text` with a new `[[outside]]` group `id` holding `question`, after
/// everything else.
pub(crate) fn add_outside_group(text: &str, id: &str, question: &str) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| e.message().to_lowercase())?;
    let mut table = Table::new();
    table.insert("id", toml_edit::value(id));
    let mut questions = toml_edit::Array::new();
    questions.push(question);
    table.insert("questions", toml_edit::value(questions));
    table.decor_mut().set_prefix("\n# Questions curators marked as not in the article.\n");
    match doc.get_mut("outside") {
        None => {
            let mut list = ArrayOfTables::new();
            list.push(table);
            doc.insert("outside", Item::ArrayOfTables(list));
        }
        Some(_) => tables(&mut doc, "outside")?.push(table),
    }
    Ok(doc.to_string())
}

fn tables<'d>(doc: &'d mut DocumentMut, kind: &str) -> Result<&'d mut ArrayOfTables, String> {
    doc.get_mut(kind).and_then(Item::as_array_of_tables_mut).ok_or_else(|| format!("no [[{kind}]] tables"))
}

/// The spaces and tabs after the last line break of `prefix`.
fn indentation(prefix: &str) -> &str {
    let last = prefix.rsplit('\n').next().unwrap_or("");
    let end = last.find(|c| c != ' ' && c != '\t').unwrap_or(last.len());
    &last[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"# The visit.
[article]
title = "t"   # kept as written
paragraphs = 2

# Durations.
[[entry]]
id = "talks"
questions = [
  "كم استغرقت المحادثات؟",
  # in dialect
  'قديش طولت؟',
]
answer = "ثلاث ساعات."
paragraph = 1

[[entry]]
id = "inline"
questions = ["متى وصل؟"]
answer = "أمس."
paragraph = 2
"#;

    #[test]
    fn a_phrasing_joins_its_list_and_nothing_else_changes() {
        let out = add_question(FILE, "entry", "talks", "كم دامت").unwrap();
        let expected = FILE.replace("  'قديش طولت؟',\n]", "  'قديش طولت؟',\n  \"كم دامت\",\n]");
        assert_eq!(out, expected);
        // A one-line list stays on one line.
        let out = add_question(FILE, "entry", "inline", "امتى وصل").unwrap();
        assert!(out.contains(r#"questions = ["متى وصل؟", "امتى وصل"]"#), "{out}");
        assert_eq!(out.lines().count(), FILE.lines().count());
    }

    #[test]
    fn quotes_in_a_phrasing_are_escaped_and_it_parses_back() {
        let out = add_question(FILE, "entry", "talks", r#"قال "نعم"؟ \ "#).unwrap();
        let doc: DocumentMut = out.parse().unwrap();
        let list = doc["entry"][0]["questions"].as_array().unwrap();
        assert_eq!(list.iter().last().unwrap().as_str(), Some(r#"قال "نعم"؟ \ "#));
    }

    proptest::proptest! {
        /// Whatever the phrasing holds — quotes, backslashes, line breaks,
        /// control characters, any script — the file parses back with it
        /// last in the list, and the rest of the file unchanged.
        #[test]
        fn any_phrasing_round_trips(question in "\\PC{0,40}|[\"'\\\\\n\t\u{0}-\u{1f}]{0,10}") {
            let out = add_question(FILE, "entry", "talks", &question).unwrap();
            let doc: DocumentMut = out.parse().unwrap();
            let list = doc["entry"][0]["questions"].as_array().unwrap();
            proptest::prop_assert_eq!(list.iter().last().unwrap().as_str(), Some(question.as_str()));
            proptest::prop_assert!(out.starts_with(&FILE[..FILE.find("  'قديش طولت؟',").unwrap()]));
            proptest::prop_assert!(out.ends_with("answer = \"ثلاث ساعات.\"\nparagraph = 1\n\n[[entry]]\nid = \"inline\"\nquestions = [\"متى وصل؟\"]\nanswer = \"أمس.\"\nparagraph = 2\n"));
        }
    }

    #[test]
    fn an_unknown_id_or_kind_is_an_error() {
        assert!(add_question(FILE, "entry", "nope", "س").unwrap_err().contains("\"nope\""));
        assert!(add_question(FILE, "outside", "talks", "س").is_err());
        assert!(add_question("not = [toml", "entry", "talks", "س").is_err());
    }

    #[test]
    fn a_new_outside_group_goes_last_with_a_comment() {
        let out = add_outside_group(FILE, "not-in-article", "كم عمر بوتين").unwrap();
        assert!(out.starts_with(FILE), "{out}");
        let doc: DocumentMut = out.parse().unwrap();
        assert_eq!(doc["outside"][0]["id"].as_str(), Some("not-in-article"));
        assert!(out.contains("# Questions curators marked as not in the article."));
    }
}
