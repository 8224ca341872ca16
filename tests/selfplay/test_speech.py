"""Scripted trainees speak like people: varied natural words, every issue named, a record of what each line meant."""

import random
import re
from collections import defaultdict

import pytest

from trainer.counterpart.session import Session
from trainer.files.library import Library, load_library
from trainer.files.scenario import Scenario
from trainer.selfplay import speech
from trainer.selfplay.intent import INVARIANTS, check, misreads
from trainer.selfplay.lines import Said
from trainer.selfplay.phrasing import Wording, say_back, swap_person
from trainer.selfplay.simulate import play_call
from trainer.selfplay.trainees import TRAINEE_KINDS, TraineeKind, make_trainee

SEEDS = 6
LIBRARY: Library = load_library()


def play(scenario: Scenario, persona: str, kind: TraineeKind, seed: int) -> tuple[Session, list[Said]]:
    trainee = make_trainee(kind, scenario, seed)
    session = play_call(Session(scenario, LIBRARY.persona(persona), seed=seed), trainee)
    return session, trainee.said


@pytest.fixture(scope="module")
def played() -> dict[TraineeKind, list[tuple[Session, list[Said]]]]:
    found: dict[TraineeKind, list[tuple[Session, list[Said]]]] = defaultdict(list)
    for scenario in LIBRARY.scenarios.values():
        for persona in scenario.personas:
            for kind in TRAINEE_KINDS:
                for seed in range(SEEDS):
                    found[kind].append(play(scenario, persona, kind, seed))
    return found


def test_every_line_records_what_it_meant(played: dict[TraineeKind, list[tuple[Session, list[Said]]]]) -> None:
    for plays in played.values():
        for session, said in plays:
            issues = {i.id for i in session.scenario.issues}
            assert [t.text for t in session.transcript.trainee_turns()] == [s.text for s in said]
            for line in said:
                assert line.intents, line
                assert line.banks, line
                assert ("propose" in line.intents) == bool(line.proposes), line
                assert ("refuse" in line.intents) == bool(line.refuses), line
                assert not line.full or set(line.proposes) == issues, line


def test_each_trainee_keeps_its_strategy(played: dict[TraineeKind, list[tuple[Session, list[Said]]]]) -> None:
    """The explorer asks, says back and trades; the haggler argues price only; the pushover only says yes or chats."""
    intents = {kind: {i for _, said in plays for line in said for i in line.intents} for kind, plays in played.items()}
    assert {"question", "reflect", "challenge", "propose"} <= intents["explorer"]
    assert "reflect" not in intents["haggler"]
    assert {"propose", "refuse", "accept"} <= intents["haggler"]
    assert intents["pushover"] <= {"accept", "small_talk", "walk_away"}
    haggled = {k for _, said in played["haggler"] for line in said for k in line.proposes}
    assert haggled == {"price"}


def test_the_trainees_draw_on_many_phrasings(played: dict[TraineeKind, list[tuple[Session, list[Said]]]]) -> None:
    banks = {kind: {b for _, said in plays for line in said for b in line.banks} for kind, plays in played.items()}
    assert {"ask", "ask_their_way", "reflect", "challenge", "propose", "conditional", "trade", "reprice"} <= banks[
        "explorer"
    ]
    assert {"what_price", "haggle", "haggler_yes", "no_extra", "add_it"} <= banks["haggler"]
    assert {"pushover_yes", "pushover_chat"} <= banks["pushover"]
    texts = {kind: {line.text for _, said in plays for line in said} for kind, plays in played.items()}
    lines = {kind: sum(len(said) for _, said in plays) for kind, plays in played.items()}
    for kind in ("explorer", "haggler"):
        assert len(texts[kind]) >= 0.5 * lines[kind], (kind, len(texts[kind]), lines[kind])
    assert len(texts["pushover"]) >= 30, texts["pushover"]


def test_the_explorer_asks_in_its_own_words_not_only_the_scenarios_question(
    played: dict[TraineeKind, list[tuple[Session, list[Said]]]],
) -> None:
    asked = [
        (line.text, session.scenario.interest(line.interest).question)
        for session, said in played["explorer"]
        for line in said
        if "question" in line.intents and line.interest
    ]
    verbatim = sum(question.lower()[:-1] in text.lower() for text, question in asked)
    assert asked
    assert 0.2 * len(asked) <= verbatim <= 0.6 * len(asked), (verbatim, len(asked))


@pytest.mark.parametrize(
    ("scenario", "option", "forms"),
    [
        ("saas-renewal", "p54000", {"54k", "$54k", "$4,500 a month", "fifty-four thousand", "fifty-four", "$54,000"}),
        ("pos-boutique", "p5000", {"5k", "five grand", "$5,000", "5,000 dollars"}),
        ("supplier-contract", "p44", {"$44 a case", "44 bucks a case", "forty-four dollars", "$44 per case"}),
    ],
)
def test_amounts_are_said_as_salespeople_say_them(scenario: str, option: str, forms: set[str]) -> None:
    sc = LIBRARY.scenario(scenario)
    said = Wording(sc, random.Random(0)).amount_forms(sc.issues_tagged("price")[0].option(option))
    assert forms <= set(said), said


@pytest.mark.parametrize("scenario", sorted(LIBRARY.scenarios))
def test_a_package_names_every_issue_in_the_scenarios_own_words(scenario: str) -> None:
    sc = LIBRARY.scenario(scenario)
    words = Wording(sc, random.Random(7))
    seen: set[str] = set()
    for k in range(40):
        terms = {i.id: i.options[(k + n) % len(i.options)].id for n, i in enumerate(sc.issues)}
        text = words.package(terms).lower()
        seen.add(text)
        for issue in sc.issues:
            option = issue.option(terms[issue.id])
            said = words.amount_forms(option) if issue.kind == "money" else [option.label, *option.synonyms]
            assert any(s.lower() in text for s in said), (issue.id, option.id, text)
    assert len(seen) == 40


def test_a_typo_never_touches_the_terms() -> None:
    sc = LIBRARY.scenario("saas-renewal")
    for seed in range(300):
        words = Wording(sc, random.Random(seed))
        text = words.pick(speech.PROPOSE, package="$54,000 a year with a three-year contract")
        assert "$54,000 a year with a three-year contract" in text


def test_saying_back_turns_their_words_into_ours() -> None:
    assert (
        swap_person("I pay my suppliers, and we're short of cash") == "you pay your suppliers, and you're short of cash"
    )
    assert swap_person("I'm the one who pushed for it") == "you're the one who pushed for it"
    cut = {say_back("If I pay it all now, I'm short on stock money.", random.Random(seed)) for seed in range(20)}
    assert cut == {"if you pay it all now, you're short on stock money"}
    for scenario in LIBRARY.scenarios.values():
        for interest in scenario.hidden_interests:
            for seed in range(5):
                heard = say_back(interest.reveal, random.Random(seed))
                assert not re.search(r"\b(I|me|my|we|our|us)\b", heard), heard
                assert not heard.lower().startswith(("honestly", "to be fair")), heard
                assert len(heard.split()) >= 5, heard


def test_self_play_never_closes_a_deal_the_trainee_did_not_make(
    played: dict[TraineeKind, list[tuple[Session, list[Said]]]],
) -> None:
    broken = [
        (session.scenario.id, session.persona.id, kind, v.invariant, v.detail)
        for kind, plays in played.items()
        for session, said in plays
        for v in check(session.transcript, said, [i.id for i in session.scenario.issues])
        if not v.holds
    ]
    total = sum(len(plays) for plays in played.values()) * len(INVARIANTS)
    assert not broken, f"{total - len(broken)} of {total} hold; broken: {broken[:10]}"


def test_the_reader_reads_what_the_trainees_meant(
    played: dict[TraineeKind, list[tuple[Session, list[Said]]]],
) -> None:
    found = [m for plays in played.values() for s, said in plays for m in misreads(s.transcript.turns, said)]
    lines = sum(len(said) for plays in played.values() for _, said in plays)
    assert len(found) <= 0.05 * lines, f"{len(found)} of {lines} lines misread, e.g. {found[:5]}"
