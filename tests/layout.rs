//! The shape of the source: no file in `src/` over 700 lines, and no import
//! circle, neither between the library's top-level modules nor between the
//! files of one folder (`mod.rs`, which declares the others, aside).
//!
//! A module's imports are the `crate::x` (or, between the files of a folder,
//! `super::x`) paths in its code, comments and `#[cfg(test)]` parts left
//! out: tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 700;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The code of a file: without comments, and without what follows its first
/// `#[cfg(test)]` (tests live at the end of a file, or in files of their own).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        if !line.starts_with("//") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The names that follow `prefix` in `code` (`crate::engine::cut` gives `engine`).
fn after(code: &str, prefix: &str) -> BTreeSet<String> {
    code.match_indices(prefix)
        .filter(|(i, _)| !code[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':'))
        .map(|(i, _)| code[i + prefix.len()..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect())
        .filter(|name: &String| !name.is_empty())
        .collect()
}

/// A circle in `graph`, if there is one, as the modules along it.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

/// The top-level module a file of the library belongs to (`None` for the
/// crate roots and the binary's own `cli`).
fn top_module(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_string_lossy().into_owned();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (!matches!(name.as_str(), "lib" | "main" | "cli")).then_some(name)
}

#[test]
fn no_source_file_is_over_700_lines() {
    let long: Vec<String> = files(&src())
        .into_iter()
        .filter_map(|p| {
            let n = std::fs::read_to_string(&p).unwrap().lines().count();
            (n > MAX_LINES).then(|| format!("{}: {n} lines", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
}

#[test]
fn the_library_modules_import_no_circle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in files(&src()) {
        let Some(module) = top_module(&path) else { continue };
        let imports = after(&code(&path), "crate::");
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(imports.into_iter().filter(|m| *m != module));
    }
    // The graph is real: the engine stands on the matcher, the matcher on
    // the knowledge, the knowledge on the language layer.
    for (from, to) in [("engine", "matcher"), ("matcher", "knowledge"), ("knowledge", "language")] {
        assert!(graph[from].contains(to), "{from} no longer imports {to}: {graph:?}");
    }
    assert!(!graph.values().flatten().any(|m| m == "cli"), "the library imports the command line: {graph:?}");
    assert_eq!(circle(&graph), None, "{graph:#?}");
}

#[test]
fn the_files_of_each_folder_import_no_circle() {
    let mut folders: BTreeMap<PathBuf, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    let all = files(&src());
    for path in &all {
        let dir = path.parent().unwrap().to_path_buf();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if dir == src() || name == "mod" {
            continue;
        }
        let siblings: BTreeSet<String> = all
            .iter()
            .filter(|p| p.parent() == Some(dir.as_path()))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .filter(|n| n != "mod")
            .collect();
        let imports: BTreeSet<String> =
            after(&code(path), "super::").into_iter().filter(|m| siblings.contains(m) && *m != name).collect();
        folders.entry(dir).or_default().insert(name, imports);
    }
    assert!(folders.len() >= 5, "{folders:?}");
    let matcher = &folders[&src().join("matcher")];
    assert!(matcher["decision"].contains("ranking"), "{matcher:?}");
    for (dir, graph) in &folders {
        assert_eq!(circle(graph), None, "{}: {graph:#?}", dir.display());
    }
}

#[test]
fn a_circle_is_found() {
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]
        .into_iter()
        .map(|(from, to)| (from.to_string(), BTreeSet::from([to.to_string()])))
        .collect();
    assert_eq!(circle(&graph), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
    let line: BTreeMap<String, BTreeSet<String>> =
        [("a".to_string(), BTreeSet::from(["b".to_string()])), ("b".to_string(), BTreeSet::new())].into();
    assert_eq!(circle(&line), None);
    assert_eq!(after("use crate::engine::cut; x::crate::no", "crate::"), BTreeSet::from(["engine".to_string()]));
}

/// What an operator relies on in the packaging: a multi-stage image that
/// runs as a non-root user with a health check, and a unit with a user,
/// a working directory and restarts. (The image is built by hand, see
/// docs/deploy.md; here the files are read.)
#[test]
fn the_dockerfile_and_the_systemd_unit_have_what_operators_rely_on() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docker = std::fs::read_to_string(root.join("Dockerfile")).unwrap();
    let lines: Vec<&str> = docker.lines().map(str::trim).filter(|l| !l.starts_with('#')).collect();
    assert!(lines.iter().filter(|l| l.starts_with("FROM ")).count() >= 2, "not multi-stage");
    assert!(lines.iter().any(|l| l.starts_with("FROM rust:1.95")), "not built with Rust 1.95");
    let user = lines.iter().rev().find_map(|l| l.strip_prefix("USER ")).expect("no USER");
    assert!(!["root", "0"].contains(&user.trim()), "runs as root");
    let health = docker.find("HEALTHCHECK").expect("no HEALTHCHECK");
    assert!(docker[health..].lines().take(3).any(|l| l.contains("/healthz")), "the health check is not /healthz");
    let unit = std::fs::read_to_string(root.join("deploy/jawab.service")).unwrap();
    for key in ["User=", "WorkingDirectory=", "Restart=", "ProtectSystem=strict", "ReadWritePaths="] {
        assert!(unit.lines().any(|l| l.starts_with(key)), "{key} missing from deploy/jawab.service");
    }
}
