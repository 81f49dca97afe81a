"""Build the GMB evaluation set (bench/entity_eval_gmb/) from the Kaggle-style CSV.

    .venv/bin/python bench/gmb_build.py [--rebuild] path/to/ner_dataset.csv
    .venv/bin/python bench/gmb_build.py --dev2 path/to/ner_dataset.csv.zip

Source: the Groningen Meaning Bank (GMB) named-entity layer in the widely copied
"ner_dataset.csv" (columns: Sentence #, Word, POS, Tag; BIO tags per token), as
published in the GitHub repository umartariq867/Named-Entity-Recognition-with-Python
at commit 776268191ec735733122216f3c7b25d8af388291 ("Add files via upload"). The
repository carries no licence of its own; the text is Voice of America news, a work
of the US government and so in the public domain, and the GMB annotations are
distributed by the University of Groningen for free research use. That copy was
cut at 2.5 MiB (8,300 sentences, the last one partial, which is dropped).

A second dev set (`--dev2`, bench/entity_eval_gmb2/, stories g251-g550, all
"dev") comes from the whole file (47,959 sentences) in the repository
codingtime123/Named-Entity-Recognition-with-NLP at commit
bae7eccc99b1ca894587a959e3d1a707d7f0853a, file ner_dataset.csv.zip. Its first
8,300 sentences are the cut copy's, word for word, except that the cut copy wrote
four non-ASCII characters as "?"; the whole file is cp1252. The stories continue
where g250 stopped (sentence 8,251), 33 sentences each, built by the same rules.
--dev2 writes only bench/entity_eval_gmb2/ and its own authority.csv: the
g001-g250 files stay as built. Rebuilding them today would not give the same gold:
the kinds use the project's gazetteer and lexicon (below), which have grown since.

What the script does:
- sentences stay in the CSV's order (the GMB's document order) and are cut into
  250 stories of equal length, about 33 sentences each, three sentences to a
  paragraph; a story may therefore join the end of one VOA report to the start of
  the next, as the CSV keeps no document boundaries. g001-g150 are "dev" (tuning
  allowed), g151-g250 "test" (never tuned on);
- tokens are detokenised into natural text: no space before . , ; : ? ! % ) 's n't,
  none after ( $, straight double quotes paired as opening and closing;
- tags become kinds: per -> person, org -> organisation, geo -> place; gpe ->
  place when it names a place (a country or city the gazetteer knows, "Nepal",
  "U.S."), otherwise it is a nationality ("Iraqi", "Palestinians") and is
  ignored, as the editors do not tag nationalities; an org or gpe that is a country
  or city in the gazetteer ("Iran said", tagged org by the GMB's metonymy rule) is
  a place, the entity an editor would tag; tim (dates), art (works, products), eve
  (events; the GMB tags few and unevenly), nat (storms, diseases) and lowercase or
  one-letter spans are "ignore": a suggestion that names one counts neither for
  nor against;
- punctuation at either end of a span is left out ("Tulkarem -"); a title the GMB
  took into a person's span ("President Mahmoud Ahmadinejad"), or a nationality
  ("German Tommy Haas"), is left out of the name; a span ending in a nationality
  ("Somali", "Bosnian Serb") is ignored whatever its tag;
- per story, mentions are grouped into entities by normalised name; a one-word
  person mention that is the last word of a longer person mention in that story
  ("Bush" after "George Bush") is a spelling of it, and so is an organisation's
  name of two words or more that ends a longer one ("Security Council" beside
  "U.N. Security Council"): the issue asks for one suggestion there; an entity's kind is the kind
  most of its mentions were given;
- authority.csv lists every gold entity of all stories (name, kind, the other
  spellings as aliases) for the known-entity pass of bench/entity_eval.py.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from newsroom.core.entities import normalise  # noqa: E402
from newsroom.text.gazetteer import gazetteer  # noqa: E402
from newsroom.text.lexicon import DEMONYMS, DESCRIPTORS, TITLE_HEADS, TITLE_MODIFIERS  # noqa: E402
from newsroom.text.tokens import tokenize  # noqa: E402

OUT = ROOT / "entity_eval_gmb"
OUT_DEV2 = ROOT / "entity_eval_gmb2"
STORIES = 250
DEV = 150
DEV2_STORIES = 300
SENTENCES_PER_STORY = 33  # what 8,299 whole sentences gave 250 stories; dev2 keeps it
PER_PARAGRAPH = 3
KINDS = {"per": "person", "org": "organisation", "geo": "place", "gpe": "place"}
_NO_SPACE_BEFORE = {".", ",", ";", ":", "?", "!", "%", ")", "]", "'s", "n't", "'ll", "'ve", "'"}
_NO_SPACE_AFTER = {"(", "[", "$"}


def read_sentences(path: Path) -> list[list[tuple[str, str]]]:
    sentences: list[list[tuple[str, str]]] = []
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            data = z.read(z.namelist()[0]).decode("cp1252", errors="replace")
    else:
        data = path.read_text(encoding="latin-1")
    with io.StringIO(data, newline="") as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            if len(row) < 4:
                continue
            if row[0].startswith("Sentence"):
                sentences.append([])
            sentences[-1].append((row[1], row[3]))
    if sentences and sentences[-1][-1][0] not in {".", "?", "!", '"'}:
        sentences.pop()  # the file was cut inside this one
    return sentences


def detokenise(words: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence as text, and each token's character span in it."""
    out = ""
    spans: list[tuple[int, int]] = []
    quote_open = False
    glue_next = False
    for word in words:
        space = bool(out) and not glue_next
        if word in _NO_SPACE_BEFORE:
            space = False
        if word == '"':
            if quote_open:
                space = False
            quote_open = not quote_open
        if space:
            out += " "
        spans.append((len(out), len(out) + len(word)))
        out += word
        glue_next = word in _NO_SPACE_AFTER or (word == '"' and quote_open)
    return out, spans


def _mentions(sentence: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, tag) of each BIO span."""
    found: list[tuple[int, int, str]] = []
    for i, (_word, tag) in enumerate(sentence):
        if tag.startswith("B-") or (tag.startswith("I-") and (not found or found[-1][1] != i)):
            found.append((i, i + 1, tag[2:]))
        elif tag.startswith("I-") and found[-1][2] == tag[2:]:
            found[-1] = (found[-1][0], i + 1, found[-1][2])
    return found


def _kind(name: str, tag: str) -> str:
    g = gazetteer()
    if not any(c.isupper() for c in name[:1]) or len(name) < 2:
        return "ignore"
    keys = tuple(t.key for t in tokenize(name))
    if all(_title(k) for k in keys):
        return "ignore"  # a title alone ("President", "Mr.")
    if keys[-1] in DEMONYMS or keys[-1].rstrip("s") in DEMONYMS:
        return "ignore"  # "Somali", "Palestinians", "Bosnian Serb" tagged as a place
    if tag in ("org", "gpe") and keys in g.places:
        return "place"
    if tag == "gpe":
        return "ignore"
    return KINDS.get(tag, "ignore")


def _title(word: str) -> bool:
    key = word.casefold().rstrip(".").split("-")[0]
    return key in TITLE_HEADS or key in DESCRIPTORS or key in TITLE_MODIFIERS


def _title_or_nationality(word: str) -> bool:
    key = word.casefold()
    return _title(word) or key in DEMONYMS or key[:-1] in DEMONYMS


def build_story(sentences: list[list[tuple[str, str]]]) -> tuple[str, list[list[object]]]:
    paragraphs: list[str] = []
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, str] = {}
    for p in range(0, len(sentences), PER_PARAGRAPH):
        texts = []
        for sentence in sentences[p : p + PER_PARAGRAPH]:
            text, spans = detokenise([w for w, _ in sentence])
            texts.append(text)
            for a, b, tag in _mentions(sentence):
                while tag == "per" and b - a > 1 and _title_or_nationality(sentence[a][0]):
                    a += 1  # the GMB sometimes takes "President" into the name
                while b - a > 1 and not any(c.isalnum() for c in sentence[b - 1][0]):
                    b -= 1  # "Tulkarem -", 'America"': punctuation tagged as name
                while b - a > 1 and not any(c.isalnum() for c in sentence[a][0]):
                    a += 1
                name = text[spans[a][0] : spans[b - 1][1]]
                key = normalise(name)
                names.setdefault(key, name)
                kinds[key][_kind(name, tag)] += 1
        paragraphs.append(" ".join(texts))
    people = [k for k, c in kinds.items() if c.most_common(1)[0][0] == "person" and " " in k]
    spellings: dict[str, list[str]] = defaultdict(list)
    merged: set[str] = set()
    for key, votes in kinds.items():
        if " " in key or votes.most_common(1)[0][0] != "person":
            continue
        full = [p for p in people if p.split()[-1] == key]
        if len(full) == 1:
            spellings[full[0]].append(names[key])
            merged.add(key)
    orgs = [k for k, c in kinds.items() if c.most_common(1)[0][0] == "organisation"]
    for key in orgs:
        longer = [o for o in orgs if o != key and o.endswith(f" {key}")]
        if " " in key and len(longer) == 1:
            spellings[longer[0]].append(names[key])
            merged.add(key)
    entities: list[list[object]] = []
    for key, votes in kinds.items():
        if key in merged:
            continue
        kind = votes.most_common(1)[0][0]
        real = Counter({k: v for k, v in votes.items() if k != "ignore"})
        if real and votes["ignore"] <= sum(real.values()):
            kind = real.most_common(1)[0][0]
        entry: list[object] = [names[key], kind, "new"]
        if spellings[key]:
            entry.append(spellings[key])
        entities.append(entry)
    return "\n\n".join(paragraphs) + "\n", entities


def main() -> int:
    args = sys.argv[1:]
    rebuild = "--rebuild" in args
    args = [a for a in args if a != "--rebuild"]
    dev2 = args[:1] == ["--dev2"]
    if len(args) != 1 + dev2:
        print(*(line.strip() for line in __doc__.splitlines()[2:4]), sep="\n")
        return 2
    if not dev2 and (OUT / "gold.jsonl").exists() and not rebuild:
        # Kinds come from the live lexicon (DEMONYMS, TITLE_HEADS ...): rebuilt today, 35
        # gold lines of g001-g250 would change, 11 of them in the test split.
        print(f"{OUT} exists and its test split must not move; --rebuild to overwrite it")
        return 1
    sentences = read_sentences(Path(args[-1]))
    per_story = SENTENCES_PER_STORY
    first, count, out = (STORIES, DEV2_STORIES, OUT_DEV2) if dev2 else (0, STORIES, OUT)
    if len(sentences) < (first + count) * per_story:
        last = f"g{first + count:03d}"
        print(f"{len(sentences)} sentences: too few for stories g{first + 1:03d}-{last}")
        return 1
    (out / "stories").mkdir(parents=True, exist_ok=True)
    gold_lines = []
    authority: dict[str, tuple[str, str, set[str]]] = {}
    for s in range(first, first + count):
        sid = f"g{s + 1:03d}"
        text, entities = build_story(sentences[s * per_story : (s + 1) * per_story])
        (out / "stories" / f"{sid}.txt").write_text(text, encoding="utf-8")
        split = "dev" if s < DEV or dev2 else "test"
        gold_lines.append(json.dumps({"story": sid, "split": split, "entities": entities}))
        for e in entities:
            if e[1] == "ignore":
                continue
            key = normalise(str(e[0]))
            entry = authority.setdefault(key, (str(e[0]), str(e[1]), set()))
            entry[2].update(str(x) for x in (e[3] if len(e) > 3 else []))  # type: ignore[arg-type]
    (out / "gold.jsonl").write_text("\n".join(gold_lines) + "\n", encoding="utf-8")
    taken = set(authority)
    with (out / "authority.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "kind", "aliases", "description"])
        for name, kind, aliases in authority.values():
            usable = sorted(a for a in aliases if normalise(a) not in taken)
            taken.update(normalise(a) for a in usable)
            writer.writerow([name, kind, "|".join(usable), ""])
    print(f"{count} stories of {per_story} sentences, {len(authority)} authority entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
