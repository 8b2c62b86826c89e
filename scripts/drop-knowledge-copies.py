#!/usr/bin/env python3
"""Drops from labelled question sets the questions that are word for word
phrasings of the knowledge base (they test memory, not generalisation).

    python3 scripts/drop-knowledge-copies.py SET.tsv...

Questions and phrasings are compared after a rough normalisation
(diacritics, tatweel, punctuation, hamza seats, ة/ه, ى/ي and the letters
چ گ ڤ پ folded, spaces collapsed); `tests/knowledge_load.rs` checks the same
with the engine's own normalisation. Each file is rewritten in place and a comment line says how many
questions were taken out. Run it on a set before it is frozen.
"""
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def norm(text: str) -> str:
    text = re.sub(r"[\u064B-\u065F\u0670\u0640]", "", text)
    text = text.translate(str.maketrans("أإآٱؤئةىچگڤپ", "اااءوءهيكقفب"))
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.lower().split())


def phrasings() -> set:
    out = set()
    for path in sorted((ROOT / "knowledge").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for table in data.get("entry", []) + data.get("outside", []):
            out.update(norm(q) for q in table.get("questions", []))
    return out


def main() -> None:
    known = phrasings()
    for name in sys.argv[1:]:
        path = pathlib.Path(name)
        lines = path.read_text(encoding="utf-8").splitlines()
        comments = [l for l in lines if l.startswith("#")]
        rows = [l for l in lines if l.strip() and not l.startswith("#")]
        kept = [r for r in rows if norm(r.split("\t")[0]) not in known]
        dropped = len(rows) - len(kept)
        comments.append(
            f"# {dropped} question(s) that were word for word phrasings of the knowledge base were taken out "
            "(they test memory, not generalisation)."
        )
        path.write_text("\n".join(comments + kept) + "\n", encoding="utf-8")
        print(f"{name}: {len(kept)} kept, {dropped} dropped")


if __name__ == "__main__":
    main()
