"""Wire datelines: the place (and the agency) a story opens with, in capitals.

"ADDIS ABABA —", "LONDON (Reuters) -" at the start of a paragraph name a place and the
agency that sent the story. They are read apart from the other names of a text
(`candidates`): they are written in capitals, which elsewhere mark a headline or a
shout, not a name; their tokens are blocked so no other rule reads them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsroom.text.gazetteer import gazetteer
from newsroom.text.tokens import Token

# After a dateline: a dash, a comma, or the agency's name and a dash ("LONDON (Reuters) -",
# "(AP)", "(Thomson Reuters Foundation)"; capitalised words, no date).
_DATELINE_GAP = re.compile(
    r"\s*(?:[\u2014\u2013]|-\s|,|\([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,3}\)\s*[-\u2014\u2013])"
)


def datelines(
    text: str, tokens: Sequence[Token], blocked: list[bool], known: list[bool], initial: list[bool]
) -> list[tuple[list[int], str, str]]:
    """(token run, kind, name) of each dateline's names. "ADDIS ABABA —" at the start of
    a paragraph is a place, named in title case; "(Reuters)" after it an organisation.
    Common words in capitals before a dash are a wire's subject slug ("TENNIS - ",
    "RESULTS - "): no place, unless a known one. Marks the words it reads in `blocked`,
    and the word after a dateline as opening a sentence in `initial`."""
    found: list[tuple[list[int], str, str]] = []
    for i, t in enumerate(tokens):
        if not t.sentence_start or not (i == 0 or "\n" in text[tokens[i - 1].end : t.start]):
            continue
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].link == " " and tokens[j + 1].text.isupper():
            j += 1
        words = tokens[i : j + 1]
        gap = _DATELINE_GAP.match(text, tokens[j].end, tokens[j].end + 40)
        if all(w.text.isupper() and len(w.text) > 1 for w in words) and gap:
            run = list(range(i, j + 1))
            for k in run:
                blocked[k] = True
            agency = []  # the tokens inside the brackets
            for k in range(j + 1, len(tokens)):
                if tokens[k].start >= gap.end():
                    break
                agency.append(k)
            if agency:  # "(Reuters)": the agency that sent the story
                for k in agency:
                    blocked[k] = True
                if not any(known[k] for k in agency):
                    found.append((agency, "organisation", ""))
            if j + 1 + len(agency) < len(tokens):
                initial[j + 1 + len(agency)] = True  # the word after a dateline opens a sentence
            keys = tuple(w.key for w in words)
            g = gazetteer()
            slug = all(g.is_common(k) for k in keys) and not g.is_place(keys)
            if not slug and not any(known[k] for k in run):
                name = " ".join(w.text.title() for w in words)
                found.append((run, "place", name))
    return found
