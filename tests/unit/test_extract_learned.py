"""The learned parts of extraction on small inline texts: the tagger's text and
features, grouping its spans into signers, the two readers combined, the learned kind."""

from __future__ import annotations

from dataclasses import replace

from intake.extract import (
    Capacity,
    Extraction,
    Kind,
    Signer,
    agreement,
    capacity_model,
    choice,
    honorifics,
    kind_model,
    linear,
    roster,
    tagger,
)
from intake.extract.intent import Acts
from intake.extract.kinds import KindReading
from intake.extract.labels import Group
from intake.extract.tagged import Draft, signers
from intake.extract.tagger import Span, spans
from intake.extract.zones import Reading, Segment


def _reading(own: str, *segments: Segment, subject: str = "Re: Sign-on") -> Reading:
    return Reading(
        own=own,
        subject=subject,
        sender_name="",
        sender_address="a@b.example",
        segments=segments,
    )


def test_the_tagged_text_marks_each_line_with_its_zone() -> None:
    call = Segment("Coordinator", "c@ours.example", "Please send:\nName:", ours=True)
    other = Segment("Jane", "jane@b.example", "Jane Doe\nPastor", ours=False)
    reading = _reading("Add me.\nBob Roe", call, other, subject="Sign")
    text, zones = tagger.document(reading)
    assert text.split("\n") == ["Sign", "Add me.", "Bob Roe", "Jane Doe", "Pastor"]
    assert zones == ("subject", "own", "own", "other", "other")
    typed = replace(reading, inline=(Group({"name": "Bob Roe"}),))
    text, zones = tagger.document(typed)
    assert text.split("\n")[3:5] == ["Please send:", "Name:"]
    assert zones == ("subject", "own", "own", "ours", "ours", "other", "other")


def test_tokens_keep_their_offsets_and_lines() -> None:
    text = "Rev. Jane O'Neil-Smith\nSt. Mark's Church"
    tokens = tagger.tokenize(text)
    assert [t.text for t in tokens] == [
        "Rev",
        ".",
        "Jane",
        "O'Neil-Smith",
        "St",
        ".",
        "Mark's",
        "Church",
    ]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert [t.line for t in tokens] == [0, 0, 0, 0, 1, 1, 1, 1]


def test_features_see_labels_sign_offs_zones_and_neighbours() -> None:
    text = "Name: Jane Doe\nBest,\nBob Roe"
    zones = ("own", "own", "own")
    tokens = tagger.tokenize(text)
    found = tagger.features(text, zones, tokens)
    jane = found[[t.text for t in tokens].index("Jane")]
    assert "line.label=name" in jane
    assert "w[-1]=:" in jane and "w[1]=doe" in jane
    assert "line.zone=own" in jane
    bob = found[[t.text for t in tokens].index("Bob")]
    assert "line.after_closing=1" in bob and "first" in bob
    assert "line.after_closing=1" not in jane


def test_a_neighbour_is_seen_by_the_names_of_its_place() -> None:
    # _word writes out each place's names ("w[-1]="): they are those of tagger._NEAR.
    for word in ("Church", "Rev.", "of", "Ph.D", "ÉGLISE", "x"):
        own, near = tagger._word(word)
        lower, shape = word.lower(), tagger._shape(word)
        classes = tagger._word_class(lower)
        assert own[:5] == (
            "b",
            "w=" + lower,
            "suf3=" + lower[-3:],
            "pre2=" + lower[:2],
            "shape=" + shape,
        )
        assert near == tuple(
            (w + lower, s + shape, *[c + k for k in classes]) for w, s, c in tagger._NEAR
        )


def _span(label: str, text: str, line: int, probability: float = 0.9) -> Span:
    return Span(label, 0, len(text), text, line, probability)


def test_spans_group_into_signers_in_reading_order() -> None:
    found = [
        _span("NAME", "Jane Doe", 1),
        _span("TITLE", "Pastor", 2),
        _span("ORG", "First Church", 3),
        _span("NAME", "Bob Roe", 5),
        _span("ORG", "Second Church", 5, 0.6),
        _span("NAME", "Jane Doe", 7),  # named again under the sign-off: the same signer
    ]
    drafts = signers(found, ("own",) * 8)
    assert [(d.name, d.title, d.organization) for d in drafts] == [
        ("Jane Doe", "Pastor", "First Church"),
        ("Bob Roe", None, "Second Church"),
    ]
    assert drafts[1].probability == 0.6


def test_an_organization_named_first_joins_the_person_who_follows() -> None:
    found = [_span("ORG", "Center for Conscience", 1), _span("NAME", "Jane Doe", 2)]
    drafts = signers(found, ("own",) * 3)
    assert [(d.name, d.organization) for d in drafts] == [("Jane Doe", "Center for Conscience")]


class _Chances:
    """A tagger's answers given as plain data: its most likely labels and, by token,
    the chance of each label."""

    def __init__(self, labels: list[str], chances: list[dict[str, float]]) -> None:
        self.labels, self.chances = labels, chances

    def tag(self, features: list[list[str]]) -> list[str]:
        assert len(features) == len(self.labels)
        return self.labels

    def marginal(self, label: str, position: int) -> float:
        return self.chances[position].get(label, 0.0)


def test_a_token_the_tagger_is_unsure_is_outside_is_marked() -> None:
    # "Alex Rivera-Stone": the most likely labelling leaves the name out, at even odds.
    model = _Chances(
        ["O", "O", "O", "B-TITLE"],
        [
            {"O": 0.5, "B-NAME": 0.45, "B-ORG": 0.05},
            {"O": 0.5, "I-NAME": 0.45, "B-NAME": 0.05},
            {"O": 0.95, "B-TITLE": 0.05},
            {"B-TITLE": 0.9, "O": 0.1},
        ],
    )
    found = spans("Alex Rivera-Stone\nthen Director", ("own", "own"), model)
    assert [(s.label, s.text) for s in found] == [
        ("NAME", "Alex Rivera-Stone"),
        ("TITLE", "Director"),
    ]


def test_a_name_a_blank_line_below_an_organization_is_a_signer_of_its_own() -> None:
    found = [_span("ORG", "Stichting Gewetensvrijheid", 1), _span("NAME", "Jane Doe", 3)]
    drafts = signers(found, ("own",) * 4)
    assert [(d.name, d.organization) for d in drafts] == [
        (None, "Stichting Gewetensvrijheid"),
        ("Jane Doe", None),
    ]


def test_a_name_below_a_title_left_over_on_another_signers_line_does_not_take_it() -> None:
    found = [
        _span("TITLE", "Rabbi", 1),
        _span("NAME", "Naomi Sokolov", 1),
        _span("TITLE", "Senior Rabbi", 1),  # her title again: no field left for it
        _span("NAME", "Farhad Mehrabani", 2),
        _span("TITLE", "Secretary", 2),
    ]
    drafts = signers(found, ("own",) * 3)
    assert [(d.name, d.title) for d in drafts] == [
        ("Naomi Sokolov", "Rabbi"),
        ("Farhad Mehrabani", "Secretary"),
    ]


def test_an_organization_named_alone_and_beside_a_person_stays_a_signer() -> None:
    # Whether it signs apart from her is the roster model's call, not the grouping's.
    found = [
        _span("ORG", "First Church", 1),
        _span("NAME", "Jane Doe", 3),
        _span("ORG", "First Church", 3),
    ]
    drafts = signers(found, ("own",) * 4)
    assert [(d.name, d.organization) for d in drafts] == [
        (None, "First Church"),
        ("Jane Doe", "First Church"),
    ]


def test_the_subjects_organization_alone_is_that_of_the_people_named_with_it() -> None:
    found = [
        _span("ORG", "Westbrook College", 0),
        _span("NAME", "Hannah Lee", 3),
        _span("ORG", "Westbrook College", 3),
        _span("ORG", "Eastbrook Seminary", 5),
    ]
    drafts = signers(found, ("subject", "own", "own", "own", "own", "own"))
    assert [(d.name, d.organization) for d in drafts] == [
        ("Hannah Lee", "Westbrook College"),
        (None, "Eastbrook Seminary"),  # named in the text: the roster model's call
    ]


def test_a_name_on_the_first_line_of_the_text_does_not_join_the_subjects_organization() -> None:
    # The subject is the line before the text's first only in the tagger's document.
    found = [_span("ORG", "Sanatana Dharma Council", 0), _span("NAME", "Namaste Maya", 1)]
    drafts = signers(found, ("subject", "own", "own"))
    assert [(d.name, d.organization) for d in drafts] == [
        (None, "Sanatana Dharma Council"),
        ("Namaste Maya", None),
    ]


def test_quoted_signers_do_not_speak_when_the_sender_writes_their_own() -> None:
    found = [_span("NAME", "Bob Roe", 1), _span("NAME", "Ann Quoted", 3)]
    drafts = signers(found, ("own", "own", "other", "other"))
    assert [d.name for d in drafts] == ["Bob Roe"]


def _signature(*found: Signer) -> Extraction:
    return Extraction(Kind.SIGNATURE, found, 0.8, ("asks to sign",))


def _lines(*spans: tuple[str, str]) -> list[Draft]:
    """The tagger's signers for ``(label, text)`` spans, one a line of the sender's own text."""
    found = [_span(label, text, line) for line, (label, text) in enumerate(spans)]
    return signers(found, ("own",) * len(found))


def test_two_readers_that_agree_leave_the_reading_as_it_is() -> None:
    rules = _signature(Signer("Jane Doe", "Pastor", "First Church"))
    drafts = _lines(
        ("NAME", "Rev. Jane Doe"),
        ("TITLE", "Pastor"),
        ("ORG", "First Church"),
    )
    combined, agreed = agreement.combine(rules, drafts)
    assert combined == rules
    assert agreed.complete
    assert agreement.features(agreed)["agree.all"] == 1.0


def test_combined_fields_come_from_the_reader_more_often_right() -> None:
    rules = _signature(Signer("Jane Doe", "Executive Director", None))
    drafts = _lines(
        ("NAME", "Jane Doe"),
        ("TITLE", "Executive"),
        ("ORG", "First Church"),
    )
    combined, agreed = agreement.combine(rules, drafts)
    assert combined.signers == (Signer("Jane Doe", "Executive Director", "First Church"),)
    assert agreed.same_count and "organization" not in agreed.same
    assert "the tagger reads some fields differently" in combined.reasons


def test_an_organization_signing_as_such_keeps_no_name() -> None:
    rules = _signature(Signer(None, None, "First Church", Capacity.ORGANIZATION))
    drafts = _lines(("NAME", "Jane Doe"), ("ORG", "First Church"))
    combined, _ = agreement.combine(rules, drafts)
    assert combined.signers[0].name is None
    assert combined.signers[0].capacity is Capacity.ORGANIZATION


# A choice model document: take the tagger's organization where only it read one,
# keep the rules' title where the tagger's runs on past it.
_CHOICE = {
    "classes": ["rules", "tagger"],
    "intercepts": [0.0, 0.0],
    "weights": {"organization|only_tagger": [-1.0, 1.0], "title|tagger_extends": [1.0, -1.0]},
}

# A roster model document: add a named signer the tagger read alone on a list line.
_ROSTER = {
    "classes": ["keep", "leave"],
    "intercepts": [0.0, 1.5],
    "weights": {"named": [1.0, 0.0], "line_starts_with_name": [1.0, 0.0]},
}
_LEARNED = agreement.Learned(choice=_CHOICE, roster=_ROSTER)


def test_choice_features_say_how_the_two_values_differ() -> None:
    found = choice.features(
        "title", "Director", "Director, First Church", ("First Church", None), 0.95, True
    )
    assert found["title|tagger_extends"] == 1.0
    assert found["tagger_extends|extra_comma"] == 1.0
    assert found["tagger_extends|extra_is_other_field"] == 1.0
    assert found["title:tagger_extends:w:church"] == 1.0
    missing = choice.features("organization", None, "First Church", (None, None), 0.4, False)
    assert missing["organization|only_tagger"] == 1.0
    assert missing["prob<5"] == 1.0
    assert missing["organization|same_count=False"] == 1.0


def test_choice_features_say_where_each_value_stands_in_the_text() -> None:
    own = "Please add me.\nTitle: Director of Music\nFirst Church, Springfield\n- Hope Fund"
    found = choice.features("title", "Director of Music", "Director", (None, None), 0.9, True, own)
    assert found["title|r_labelled"] == 1.0  # "Title: Director of Music"
    assert found["title|t_inside"] == 1.0  # "Director" stands inside the line
    org = choice.features("organization", "First Church", "Hope Fund", (None, None), 0.9, True, own)
    assert org["organization|r_line_start"] == 1.0
    assert org["organization|t_line"] == 1.0  # a list item is a whole line
    absent = choice.features("organization", "Grace Hall", None, (None, None), 0.9, True, own)
    assert absent["organization|r_absent"] == 1.0
    assert not any(
        k.endswith(("_line", "_absent"))
        for k in choice.features("organization", "Grace Hall", None, (None, None), 0.9, True)
    )


def test_the_choice_model_picks_the_reader_field_by_field() -> None:
    rules = _signature(Signer("Jane Doe", "Director", None))
    drafts = _lines(
        ("NAME", "Jane Doe"),
        ("TITLE", "Director of Music Ministries"),
        ("ORG", "First Church"),
    )
    combined, _ = agreement.combine(rules, drafts, models=_LEARNED)
    assert combined.signers == (Signer("Jane Doe", "Director", "First Church"),)


def test_readers_that_count_differently_are_paired_by_name() -> None:
    rules = _signature(Signer("Jane Doe"), Signer("Bob Roe"))
    drafts = _lines(("NAME", "Bob Roe"), ("ORG", "Second Church"))
    combined, agreed = agreement.combine(rules, drafts, models=_LEARNED)
    assert combined.signers == (Signer("Jane Doe"), Signer("Bob Roe", None, "Second Church"))
    assert agreed.read and not agreed.same_count
    assert "agree.count" not in agreement.features(agreed)
    assert agreement.pairs(rules.signers, [Signer("Ann Poe")]) == []


def _read(own: str, sender: str = "") -> Reading:
    return Reading(own=own, subject="Sign-on", sender_name=sender, sender_address="")


def test_the_other_signers_are_those_only_the_tagger_read() -> None:
    ours = (Signer("Sarah Roth", "Elder", None),)
    theirs = [Signer("David Roth"), Signer("Sarah Roth"), Signer(None, None, "First Church")]
    own = "We both sign:\n- David Roth\n- Sarah Roth, Elder\n\nFirst Church"
    found = roster.others(ours, theirs, [0.9, 0.8, 0.4], [(0, 1)], own, "Sarah Roth")
    assert [o.index for o in found] == [0, 2]
    david, church = found[0].features, found[1].features
    assert david["named"] == 1.0 and david["shares_surname"] == 1.0
    assert david["list_line"] == 1.0 and david["line_starts_with_name"] == 1.0
    assert david["w:both"] == 1.0 and david["extra=2"] == 1.0
    assert "is_sender" not in david
    assert church["org_only"] == 1.0 and church["prob<5"] == 1.0
    assert roster.others(ours, [Signer("Sarah Roth")], [0.9], [(0, 0)], own, "") == []


def test_the_words_before_a_name_the_rules_passed_by_are_features() -> None:
    ours = (Signer("Jane Doe", "Chief of Staff", None),)
    theirs = [Signer("Jane Doe"), Signer("John Smith")]
    own = "I write at the direction of Bishop John Smith, who signs."
    found = roster.others(ours, theirs, [0.9, 0.9], [(0, 0)], own, "Jane Doe")
    features = found[0].features
    assert features["before:of"] == 1.0 and features["before:bishop"] == 1.0
    assert features["line_starts_with_name"] == 0.0
    assert roster.joined(ours, theirs, [(0, 0)], [1]) == (ours[0], Signer("John Smith"))
    assert roster.joined(ours, theirs, [(0, 1)], [0]) == (Signer("Jane Doe"), ours[0])


def test_the_line_a_name_stands_on_is_placed_among_the_other_signers() -> None:
    ours = (Signer("Jane Doe", "Elder", None),)
    theirs = [Signer("Jane Doe"), Signer("John Smith"), Signer("Mary Major")]
    own = (
        "Please add us:\nJane Doe, Elder\nJohn Smith (Deacon)\n\nMary Major will write herself."
        "\n\nBlessings,\nAnn Lowe\nOffice Manager"
    )
    found = roster.others(ours, theirs, [0.9, 0.9, 0.9], [(0, 0)], own, "Ann Lowe")
    john, mary = found[0].features, found[1].features
    assert john["next_to_other_signer"] == 1.0 and john["after:("] == 1.0
    assert "next_to_other_signer" not in mary and mary["after:word"] == 1.0
    closing = roster.others(ours, [*theirs[:1], Signer("Ann Lowe")], [0.9, 0.9], [(0, 0)], own, "")
    assert closing[0].features["after_sign_off"] == 1.0
    assert closing[0].features["in_last_lines"] == 1.0
    assert "in_last_lines" not in john and "after_sign_off" not in john


def test_a_name_the_rules_read_in_another_form_is_not_another_signer() -> None:
    ours = (Signer("Park Ji-hoon"), Signer("Raúl Ibáñez Cordero"))
    theirs = [Signer("Ji-hoon Park"), Signer("Raul Ibanez"), Signer("S. J. Park")]
    found = roster.others(ours, theirs, [0.9, 0.9, 0.9], [], "", "")
    assert [(o.source, o.index) for o in found] == [("rules", 0), ("rules", 1)]
    # An organization signing alone, read a second time, is no second signer.
    church = Signer(None, None, "First Church", Capacity.ORGANIZATION)
    twice = roster.others((church,), [church, church], [0.9, 0.9], [(0, 0)], "", "")
    assert twice == []
    assert found[0].features["from_rules"] == 1.0


def test_an_organization_the_tagger_read_alone_is_weighed_by_its_line() -> None:
    ann = Signer("Ann Lowe", "Director", "Hope House")
    own = "The Lake Alliance signs the letter as an organization.\n\n- Hope House\nAnn Lowe"

    def features(org: str) -> dict[str, float]:
        alone = Signer(None, None, org, Capacity.ORGANIZATION)
        return roster.others((ann,), [ann, alone], [0.9, 0.9], [(0, 0)], own, "")[0].features

    alliance = features("Lake Alliance")
    assert alliance["org_only"] == 1.0 and alliance["org.line_signs"] == 1.0
    assert "org.list_line" not in alliance and "org.alone" not in alliance
    listed = features("Hope House")
    assert listed["org.list_line"] == 1.0 and listed["org.line_starts_with_it"] == 1.0
    assert "org.line_signs" not in listed
    assert features("Elm Trust")["org.not_on_a_line"] == 1.0


def test_a_rules_signer_the_tagger_did_not_read_gives_way_to_one_it_did() -> None:
    # The rules read the assistant who writes; the tagger, the bishop she writes for.
    ours = (Signer("Jane Doe", "Chief of Staff", None),)
    theirs = [Signer(None, None, "Diocese of X"), Signer("John Smith", "Bishop", None)]
    own = "Bishop John Smith signs."
    found = roster.others(ours, theirs, [0.9, 0.9], [], own, "Jane Doe")
    assert [(o.source, o.index) for o in found] == [("tagger", 0), ("tagger", 1), ("rules", 0)]
    assert found[2].features["is_sender"] == 1.0
    # keep a named signer; keep a rules' signer only when it is not the sender
    model = {
        "classes": ["keep", "leave"],
        "intercepts": [0.0, 0.25],
        "weights": {"from_rules": [1.0, 0.0], "is_sender": [0.0, 2.0], "named": [0.5, 0.0]},
    }
    assert roster.chosen(ours, theirs, [], found, model) == (theirs[1],)
    kept = {**model, "weights": {**model["weights"], "is_sender": [0.0, 0.0]}}
    assert roster.chosen(ours, theirs, [], found, kept) == (theirs[1], ours[0])
    assert roster.chosen(ours, theirs, [], found[2:], model) == ours


def test_the_roster_model_adds_the_signers_only_the_tagger_read() -> None:
    rules = _signature(Signer("Sarah Roth"))
    drafts = _lines(("NAME", "David Roth"), ("NAME", "Sarah Roth"))
    both = _read("My husband and I both sign:\nDavid Roth\nSarah Roth")
    combined, agreed = agreement.combine(rules, drafts, both, _LEARNED)
    assert combined.signers == (Signer("David Roth"), Signer("Sarah Roth"))
    assert "signers only the tagger read are added" in combined.reasons
    assert not agreed.same_count
    alone = _read("I sign. My husband David Roth will write himself.")
    combined, _ = agreement.combine(rules, drafts, alone, _LEARNED)
    assert combined.signers == (Signer("Sarah Roth"),)


def test_a_sign_on_the_rules_find_no_signer_in_takes_the_tagger_signers() -> None:
    rules = _signature()
    drafts = _lines(("NAME", "Jane Doe"), ("ORG", "First Church"))
    combined, agreed = agreement.combine(rules, drafts)
    assert [s.name for s in combined.signers] == ["Jane Doe"]
    assert "signers read by the tagger alone" in combined.reasons
    assert agreed.read and not agreed.same_count


def test_only_signatures_are_combined() -> None:
    correction = Extraction(Kind.CORRECTION, (Signer("Jane Doe", "Pastor"),), 0.8)
    combined, agreed = agreement.combine(
        correction, signers([_span("TITLE", "Elder", 0)], ("own",))
    )
    assert combined == correction and not agreed.read


def _evidence(own: str, rules: Kind = Kind.OTHER, **acts: int) -> kind_model.Evidence:
    return kind_model.Evidence(
        subject="Re: Sign-on",
        own=own,
        rules=KindReading(rules, 0.6, "no request"),
        acts=Acts(**acts),
        subject_acts=Acts(),
        has_details=True,
        replies_to_record=False,
        replies_to_call=True,
    )


def test_kind_features_are_the_rules_acts_and_words() -> None:
    found = kind_model.features(_evidence("Count us in, both of us", requests=1))
    assert found["rules=other"] == 1.0
    assert found["acts.requests"] == 1.0
    assert found["has_details"] == 1.0 and "replies_to_record" not in found
    assert found["w:count"] == 1.0 and found["w2:count us"] == 1.0
    assert found["s:sign"] == 1.0
    assert found["words<10"] == 1.0
    assert found["f:count"] == 1.0  # the opening words, on their own
    assert found["w5:count"] == 1.0  # a word's first five letters
    later = " ".join(["word"] * kind_model.OPENING) + " corrección"
    found = kind_model.features(_evidence(later))
    assert "f:corrección" not in found and found["w5:corre"] == 1.0


def test_the_learned_kind_is_a_probability_over_the_shipped_classes() -> None:
    model = {
        "classes": ["other", "signature"],
        "intercepts": [0.0, 0.0],
        "weights": {"w:count": [-1.0, 2.0]},
    }
    kind, probability = kind_model.predict(_evidence("Count me in"), model) or (None, 0.0)
    assert kind is Kind.SIGNATURE
    assert 0.9 < probability < 1.0
    shipped = kind_model.predict(_evidence("Please add my name to the letter", requests=1))
    assert shipped is not None and shipped[0] in set(Kind)


def test_linear_models_score_words_and_pairs() -> None:
    assert linear.words("Count us IN, count us", "w", 3, pairs=True) == {
        "w:count": 1.0,
        "w:us": 1.0,
        "w:in": 1.0,
        "w2:count us": 1.0,
        "w2:us in": 1.0,
    }
    model = {"classes": ["a", "b", "c"], "intercepts": [0.0, 0.0, 1.0], "weights": {"x": [3, 0, 0]}}
    assert linear.best(model, {})[0] == "c"
    chosen, probability = linear.best(model, {"x": 1.0})
    assert chosen == "a" and 0.8 < probability < 1.0


def test_a_count_is_bucketed_by_the_first_edge_it_does_not_pass() -> None:
    edges = (0, 1, 3)
    assert [linear.bucket(n, edges) for n in (0, 1, 2, 3, 4)] == ["0", "1", "3", "3", "more"]


def test_capacity_features_see_the_signer_and_the_words() -> None:
    found = capacity_model.features(
        Signer("Jane Doe", None, "First Church"), 0, 1, "", "sign us both"
    )
    assert found["rules=individual"] == 1.0
    assert found["has.name"] == 1.0 and found["no.title"] == 1.0
    assert found["w:both"] == 1.0 and found["w2:us both"] == 1.0


def test_capacity_features_say_whom_the_signing_sentences_speak_for() -> None:
    signer = Signer("Mark Danforth", "President", "Global Christian Relief")
    own = "Our organization signs. Please also add me personally.\nMark Danforth\nPresident"
    found = capacity_model.features(signer, 0, 1, "", own)
    assert found["x:me,org"] == 1.0  # the organization in one sentence, the writer in another
    assert found["x:also+me"] == 1.0
    assert "x:me+org" not in found  # never both in one sentence
    alone = capacity_model.features(signer, 0, 1, "", "Please add my name.\nMark Danforth")
    assert alone["x:me"] == 1.0 and "x:org" not in alone


def test_capacity_features_name_the_organization_by_its_words() -> None:
    own = "I'm signing personally and for Open Doors Circle."
    signer = Signer("Nadia Haddad", "Executive Director", "Open Doors Circle")
    assert capacity_model.features(signer, 0, 1, "", own)["x:me+org"] == 1.0
    other = Signer("Nadia Haddad", "Executive Director", "Closed Gates Forum")
    assert "x:me+org" not in capacity_model.features(other, 0, 1, "", own)


def test_capacity_features_read_the_words_on_the_signers_own_line() -> None:
    own = "Tan Boon Huat\tCoordinator\tBoth\nGrace Lim Mei Ling\tPastor\tOrg"
    found = capacity_model.features(Signer("Grace Lim Mei Ling", "Pastor"), 1, 2, "", own)
    assert found["l:org"] == 1.0 and found["l:pastor"] == 1.0
    assert "l:both" not in found and "l:grace" not in found  # another's line; the name itself


def test_the_labelling_policy_stands_after_the_learned_capacity() -> None:
    says_both = {"classes": ["both"], "intercepts": [0.0], "weights": {}}
    reading = _signature(
        Signer("Jane Doe", None, "First Church"),
        Signer(None, None, "Second Church"),
        Signer("Bob Roe"),
    )
    read = capacity_model.apply(reading, "", "", says_both)
    assert [s.capacity for s in read.signers] == [
        Capacity.BOTH,
        Capacity.ORGANIZATION,  # no name: an organization signs as such
        Capacity.INDIVIDUAL,  # no organization: a person signs for themselves
    ]
    correction = Extraction(Kind.CORRECTION, (Signer("Jane Doe", None, "First Church"),))
    assert capacity_model.apply(correction, "", "", says_both) == correction


def test_learned_honorifics_come_off_the_front_of_a_name() -> None:
    model = {"words": ["rebbetzin", "chief", "dr"]}
    reading = _signature(
        Signer("Rebbetzin Devorah Katz", "Co-Director"),
        Signer("Chief Dr. Ade Ogun"),
        Signer("Chief"),
        Signer(None, None, "Chief Rabbi's Office", Capacity.ORGANIZATION),
    )
    got = honorifics.apply(reading, model)
    assert [s.name for s in got.signers] == ["Devorah Katz", "Ade Ogun", "Chief", None]
    assert got.signers[0].title == "Co-Director"
    assert honorifics.apply(_signature(Signer("Jane Doe")), model).signers[0].name == "Jane Doe"
    ranks = {"words": ["rev", "fr"]}
    read = honorifics.apply(_signature(Signer("V. Rev. Fr. Demetrios Papadakis")), ranks)
    assert read.signers[0].name == "Demetrios Papadakis"  # a rank's initial goes with it
    kept = honorifics.apply(_signature(Signer("J. Revere Smith")), ranks)
    assert kept.signers[0].name == "J. Revere Smith"


def test_the_tagger_values_print_as_the_rules_values_do() -> None:
    """Notes in any language go, "none" is no value, capitals print in normal case."""
    rules = _signature()
    drafts = _lines(
        ("NAME", "Jan de Vries"),
        ("TITLE", "n/a"),
        ("ORG", "ST. CYPRIAN ANGLICAN CHURCH (ter identificatie)"),
    )
    combined, _ = agreement.combine(rules, drafts)
    assert combined.signers == (
        Signer("Jan de Vries", None, "St. Cyprian Anglican Church", Capacity.INDIVIDUAL),
    )


def test_the_honorifics_model_takes_off_words_the_list_does_not_know() -> None:
    dotted = {"classes": ["honorific", "name"], "intercepts": [-1.0, 1.0]}
    dotted["weights"] = {"dot": [2.0, -2.0], "given name": [-3.0, 3.0]}  # type: ignore[assignment]
    model = {"words": [], "given": ["ps", "maria"], "model": dotted}
    reading = _signature(
        Signer("Rvdo. Eliseo Cárcamo Vidal", "Obispo"),
        Signer("J. Thomas Whitaker"),  # an initial is never taken off
        Signer("Ps. Rodolfo Xicará"),  # "ps" is a given name here: kept
        Signer("Sikh Civil Liberties Network"),  # no person's name: kept
        Signer("Lm."),  # one word is always kept
    )
    got = honorifics.apply(reading, model)
    assert [s.name for s in got.signers] == [
        "Eliseo Cárcamo Vidal",
        "J. Thomas Whitaker",
        "Ps. Rodolfo Xicará",
        "Sikh Civil Liberties Network",
        "Lm.",
    ]
    assert got.signers[0].title == "Obispo"
    assert honorifics.REASON in got.reasons  # the calibration weighs the guess
    plain = _signature(Signer("Eliseo Cárcamo Vidal"))
    assert honorifics.apply(plain, model) == plain


def test_the_honorifics_model_weighs_the_sender_and_the_title() -> None:
    given = frozenset({"maria"})
    sender = ("Maria Lopez", "pastora.maria@iglesia.example")
    found = honorifics.features("Pastora", ["Maria", "Lopez"], "Pastora", sender, given)
    assert "in the title" in found and "in the sender's address" in found
    assert "in the sender's name" not in found and "given name" not in found
    assert "start4:past" in found and "end3:ora" in found
    found = honorifics.features("Maria", ["Lopez"], None, sender, given)
    assert "given name" in found and "in the sender's name" in found
    assert "in the title" not in found
    assert "next an initial" in honorifics.features("Rev.", ["J.", "Smith"], None, sender, given)
