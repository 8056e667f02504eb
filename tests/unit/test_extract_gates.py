"""Gates before costly patterns: a gate that says no must never hide a match."""

from __future__ import annotations

import random
import re
import string
from typing import Any

import pytest

from intake.extract import (
    automatic,
    capacity,
    draft,
    gates,
    intent,
    labels,
    names,
    people,
    prose,
    sender,
    signature,
    zones,
)
from intake.extract import text as text_helpers
from intake.extract.gates import _PARSER, FOLDS_TO_ASCII, AnyOf, Gate, alternatives

GATED = [
    intent._REQUEST,
    intent._DEFERRED,
    intent._BENIGN_CONDITION,
    intent._STAYS,
    capacity._ORG_SIGNS,
    capacity._PERSONAL,
    capacity._EXPLICIT_BOTH,
    capacity._ONLY_INDIVIDUAL,
    capacity._ORG_ONLY,
    sender._THIRD_PERSON,
    sender._SELF_STRONG,
    zones._RECORDED,
    zones._WROTE,
    zones._WROTE_AFTER,
    signature._CONTACT,
    draft._NAME_ONLY,
    draft._DONT_LIST,
    automatic._SPAM_PHRASES,
    automatic._AWAY,
    automatic._AUTO_STRONG,
    automatic._AUTO_SUBJECT,
    automatic._BOUNCE_SUBJECT,
    automatic._AUTH_FAIL,
    intent._CORRECT,
    intent._WITHDRAW,
    intent._DECLINE,
    capacity._NOT_ME,
    signature._ADDRESS,
    prose._ORG_SUBJECT,
    prose._ORG_OBJECT,
    prose._OUR_ORG_NAMED,
    draft._MY_FIELD_IS,
    draft._BOTH_FIELDS,
    intent._OTHER_WITHDRAW,
    intent._OTHER_DECLINE,
    intent._OTHER_DEFERRED,
    intent._OTHER_REQUEST_ANY.pattern,
    automatic._OTHER_AUTO_SUBJECT.pattern,
    automatic._OTHER_AUTO_TEXT.pattern,
    automatic._OTHER_AWAY.pattern,
]
_NOISE = string.ascii_letters + "   ,.;:!?'’\"-–()+$€\n" + "éüñçàøßıİſKσςΣ" + "امضاподпис署名"


def test_the_characters_that_fold_to_ascii_are_known() -> None:
    every = "".join(chr(i) for i in range(128, 0x110000) if not 0xD800 <= i < 0xE000)
    to_ascii = {m.group() for m in re.finditer(r"[\x00-\x7f]", every, re.IGNORECASE)}
    assert to_ascii == set(FOLDS_TO_ASCII)
    cased = [c for c in every if c.lower() != c or c.upper() != c]
    from_ascii = {
        c for c in cased if re.search(re.escape(c), string.printable, re.IGNORECASE) is not None
    }
    assert from_ascii <= set(FOLDS_TO_ASCII)


def _texts(pattern: re.Pattern[str], gate: Gate, rng: random.Random) -> list[str]:
    """Texts around strings made from the pattern itself, and around its pieces."""
    tree = list(_PARSER.parse(pattern.pattern, pattern.flags))
    pieces = list(gate.pieces or ()) or ["sign"]
    out: list[str] = []
    for _ in range(500):
        made = _made(tree, rng)
        words = [_noise(rng), made if rng.random() < 0.8 else rng.choice(pieces), _noise(rng)]
        text = rng.choice([" ", " ", " ", "\n"]).join(words)
        out += [text, text.upper(), text.title(), _odd(text, rng)]
    return out


def _made(items: list[tuple[Any, Any]], rng: random.Random) -> str:
    """A string the parsed pattern ``items`` likely matches (anchors and look-arounds aside)."""
    p = _PARSER
    out = ""
    for op, value in items:
        if op is p.LITERAL:
            out += chr(value)
        elif op is p.NOT_LITERAL:
            out += "x" if value != ord("x") else "y"
        elif op is p.ANY:
            out += rng.choice("ab .")
        elif op is p.IN:
            out += _one_of(value, rng)
        elif op is p.BRANCH:
            out += _made(list(rng.choice(value[1])), rng)
        elif op is p.SUBPATTERN:
            out += _made(list(value[3]), rng)
        elif op in (p.MAX_REPEAT, p.MIN_REPEAT, p.POSSESSIVE_REPEAT):
            low, high, sub = value
            times = rng.randint(low, min(high, low + 2))
            out += "".join(_made(list(sub), rng) for _ in range(times))
    return out


def _one_of(members: list[tuple[Any, Any]], rng: random.Random) -> str:
    p = _PARSER
    op, value = rng.choice(members)
    if op is p.NEGATE:
        return "\u2603"
    if op is p.LITERAL:
        return chr(value)
    if op is p.RANGE:
        return chr(rng.randint(value[0], value[1]))
    if op is p.CATEGORY:
        return {p.CATEGORY_DIGIT: "7", p.CATEGORY_SPACE: " ", p.CATEGORY_WORD: "w"}.get(value, "-")
    return "a"


def _noise(rng: random.Random) -> str:
    return "".join(rng.choice(_NOISE) for _ in range(rng.randint(0, 10)))


def _odd(text: str, rng: random.Random) -> str:
    """Letters swapped for look-alikes the patterns may fold ("ſ" for "s")."""
    swaps = {"s": "ſ", "k": "K", "i": "ı", "I": "İ", "о": "ᲂ", "т": "ᲅ", "σ": "ς", "ς": "Σ"}
    return "".join(swaps.get(c, c) if rng.random() < 0.3 else c for c in text)


@pytest.mark.parametrize("pattern", GATED, ids=lambda p: p.pattern[:30])
def test_a_gate_never_hides_a_match(pattern: re.Pattern[str]) -> None:
    gate = Gate(pattern)
    rng = random.Random(pattern.pattern)
    matched = 0
    for text in _texts(pattern, gate, rng):
        if pattern.search(text):
            matched += 1
            assert gate.may_match(text), text
            assert gate.may_match(text, text.lower()), text
    assert matched  # the texts did reach the pattern


def test_a_gate_turns_away_text_without_its_pieces() -> None:
    gate = Gate(capacity._ORG_SIGNS)
    assert gate.pieces
    assert not gate.may_match("Thank you, this is a fine letter.")
    assert gate.may_match("Please list us as signers.")
    assert gate.may_match("Thank you, thıs is a fine letter.")  # folds: always searched


def test_a_pattern_with_an_alternative_of_no_text_is_not_gated() -> None:
    gate = Gate(re.compile(r"sign|\d+"))
    assert gate.pieces is None
    assert gate.may_match("anything")


def test_other_scripts_have_pieces_of_their_own() -> None:
    gate = Gate(re.compile(r"\bsign\b|подпис\w+", re.IGNORECASE))
    assert gate.pieces == ("sign", "пи")  # "о", "д" and "с" each have a second form
    assert not gate.may_match("nothing here")
    assert not gate.may_match("Ничего не знаю")
    assert gate.may_match("Подписываю")
    assert gate.may_match("ПᲂДПИᲃЬ")  # rounded letters the engine takes for "о" and "с"


def test_a_letter_matches_only_text_that_holds_one_of_its_forms() -> None:
    """The forms of a letter (``gates._forms``) against what the engine itself matches."""
    every = "".join(chr(i) for i in range(128, 0x30000) if not 0xD800 <= i < 0xE000)
    cased = "".join(c for c in every if c.lower() != c or c.upper() != c)
    rng = random.Random(7)
    letters = [*cased, *rng.sample(every, 3000)]
    for letter in letters:
        if letter in FOLDS_TO_ASCII:
            continue
        forms = set(gates._forms(ord(letter)))
        for flags in (re.IGNORECASE, 0):
            for match in re.finditer(re.escape(letter), cased + letter + letter.upper(), flags):
                assert match.group().lower() in forms, (letter, match.group())
        # a final sigma lowers to "ς" in a text, and "σ" alone: both are forms of each other
        for text in (letter.upper(), "a" + letter.upper(), letter.upper() + " a"):
            if re.search(re.escape(letter), text, re.IGNORECASE):
                assert any(form in text.lower() for form in forms), (letter, text)


@pytest.mark.parametrize("pattern", GATED, ids=lambda p: p.pattern[:30])
def test_one_scan_finds_the_pieces_each_gate_looks_for(pattern: re.Pattern[str]) -> None:
    """A :class:`Scan` against ``piece in low`` for each piece, and the answers given with
    what it found against the answers worked out alone."""
    either, gate = AnyOf(pattern), Gate(pattern)
    words = ("sign", "si", "signature", "ture", "natu", "подпис", "по", " to ", "'ll")
    scan = gates.Scan(either, gate, words, intent._OTHER_WITHDRAW_ANY)
    every = {*either.pieces, *(gate.pieces or ()), *words, *intent._OTHER_WITHDRAW_ANY.pieces}
    rng = random.Random(pattern.pattern + "scan")
    texts = _texts(pattern, gate, rng) + [
        " ".join(rng.sample(sorted(every), 3)) for _ in range(300)
    ]
    texts.append(" ".join(texts[:400]))  # past the length looked for in one pass
    for text in texts:
        low = text.lower()
        found = scan.pieces_in(low)
        assert found == {piece for piece in every if piece in low}, text
        matches = bool(pattern.search(text))
        assert either.search(text, low, found) == matches, text
        assert gate.may_match(text, low, found) == gate.may_match(text, low), text


@pytest.mark.parametrize("pattern", GATED, ids=lambda p: p.pattern[:30])
def test_any_of_the_alternatives_is_the_pattern(pattern: re.Pattern[str]) -> None:
    either = AnyOf(pattern)
    rng = random.Random(pattern.pattern + "any")
    for text in _texts(pattern, Gate(pattern), rng):
        assert either.search(text) == bool(pattern.search(text)), text
        assert either.search(text, text.lower()) == bool(pattern.search(text)), text


def test_alternatives_are_cut_at_the_top_level_only() -> None:
    pattern = re.compile(r"a[|]b|c(d|e)|[]|x]|\||y", re.IGNORECASE)
    parts = alternatives(pattern)
    assert [p.pattern for p in parts] == ["a[|]b", "c(d|e)", "[]|x]", r"\|", "y"]
    assert all(p.flags == pattern.flags for p in parts)
    assert alternatives(re.compile(r"(a)|\1b")) == [re.compile(r"(a)|\1b")]


# Other cheap tests that stand for a costlier one, and must agree with it exactly.
_SPACES = " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2003\u2028\u3000"


def test_a_label_separator_is_found_as_the_pattern_finds_it() -> None:
    rng = random.Random("separators")
    pieces = ["Name", ":", "：", "-", "–", "—", "x", "ü", *_SPACES]
    for _ in range(20000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert labels._separated(line) == bool(labels._SEPARATOR.search(line)), repr(line)


def test_a_name_said_in_a_sentence_passes_its_gate() -> None:
    # Random noise seldom reaches this pattern: its matches are written out.
    lines = ("My name is Jane Doe.", "NAME IS JANE DOE", "my full name is ana lópez, thanks")
    for line in (*lines, "Name is: Li Wei", "my name is Ivan Petrov and I sign"):
        assert people._NAME_IS.search(line), line
        assert people._NAME_IS_GATE.may_match(line), line
    assert not people._NAME_IS_GATE.may_match("Please add me to the letter.")


def test_a_line_is_cut_into_cells_as_the_pattern_cuts_it() -> None:
    rng = random.Random("cells")
    pieces = ["Name", "Title", "|", "x", "ü", *_SPACES, "   "]
    for _ in range(20000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        cut = labels._CELL_SPLIT.split(line.strip().strip("|"))
        assert labels._cells(line) == [c.strip() for c in cut if c.strip()], repr(line)


def test_an_abbreviation_is_read_at_the_end_as_in_the_whole_text() -> None:
    width = _PARSER.parse(text_helpers._ABBREV.pattern).getwidth()[1]
    assert width + 2 < text_helpers._ABBREV_REACH  # a line break after it, a character before it
    rng = random.Random("abbreviations")
    ends = ["Dr.", "DR.", "Ph.D.", "D.Min.", "e.g.", "A.", "x.", "St.", "ST.", "Mt"]
    for _ in range(20000):
        head = "".join(rng.choice(["a", "B", " ", "-", ".", "\n", "é", "x "]) for _ in range(20))
        head += rng.choice(["", " ", "-", "x", "."]) + rng.choice(ends) + rng.choice(["", "\n"])
        whole = text_helpers._ABBREV.search(head) or text_helpers._ABBREV.search(
            text_helpers._capitalized_end(head)
        )
        assert text_helpers._after_abbreviation(head) == bool(whole), repr(head)


def test_one_plain_word_is_never_a_full_name() -> None:
    rng = random.Random("one word")
    letters = string.ascii_letters + ".-'()\"" + "  "
    for _ in range(5000):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(0, 12)))
        if not names._one_plain_word(word):
            continue
        cleaned = names.clean_name(word)
        words = names.tokens_of(cleaned.name.replace(",", " ")) if cleaned else []
        assert len(words) <= 1 and not any(names._CJK_NAME.match(w) for w in words), word


def test_the_intent_scan_finds_what_each_of_its_lists_holds() -> None:
    """``intent._SCAN`` against ``piece in low`` for every piece of every list it stands for."""
    sources = [*intent._GATES.values(), intent._REQUEST_GATE.pieces or ()]
    sources += [intent._DEFERRED_GATE.pieces or (), intent._BENIGN_GATE.pieces or ()]
    sources += [a.pieces for a in (intent._REQUEST_ANY, intent._OTHER_REQUEST_ANY)]
    sources += [a.pieces for a in (intent._DEFERRED_ANY, intent._OTHER_DEFERRED_ANY)]
    sources += [a.pieces for a in (intent._WITHDRAW_ANY, intent._OTHER_WITHDRAW_ANY)]
    sources += [a.pieces for a in (intent._DECLINE_ANY, intent._OTHER_DECLINE_ANY)]
    every = sorted({piece for source in sources for piece in source})
    rng = random.Random(11)
    for _ in range(2000):
        words = [rng.choice(every) if rng.random() < 0.5 else _noise(rng) for _ in range(6)]
        low = "".join(w + rng.choice(["", " ", "  ", "’"]) for w in words).lower()
        assert intent._SCAN.pieces_in(low) == {p for p in every if p in low}, low
