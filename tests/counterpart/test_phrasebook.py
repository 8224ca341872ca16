"""Every line of every bundled persona, rendered against every scenario and every option it may name, reads as
English: no placeholder left, no empty fill, no doubled article, no dangling "or"; and a persona with empty
sections speaks its tactic's bundled lines, never a move's internal name."""

import re
from collections.abc import Iterator

import pytest

from trainer.counterpart.move import Move
from trainer.counterpart.transcript import Turn
from trainer.counterpart.voice import OfflineVoice, slots
from trainer.files.library import load_library
from trainer.files.outcomes import deal_space
from trainer.files.persona import MOVE_KINDS, Persona
from trainer.files.phrasebook import falls_back
from trainer.files.scenario import Scenario

LIBRARY = load_library()
BROKEN = [
    (re.compile(r"[{}]"), "a placeholder left unfilled"),
    (re.compile(r"  "), "a double space (an empty fill)"),
    (re.compile(r"\s[.,;:!?]"), "a space before punctuation (an empty fill)"),
    (re.compile(r"\b(the|a|an) (the|a|an)\b", re.I), "a doubled article"),
    (re.compile(r"\b(?!that\b|had\b)(\w+) \1\b", re.I), "a doubled word"),
    (re.compile(r"\bor\W*$|\bor [.,;:!?]|\bor or\b", re.I), "a dangling 'or'"),
    (re.compile(r"\b(and|of|the|a|an)\s*[.,;:!?]", re.I), "a dangling connective"),
    (re.compile(r"\b[a-z]+_[a-z_]+\b"), "an internal name"),
    (
        re.compile(r"\b(does|is|has) [^?.]* or [^?.]* (include|cover|mean)\b", re.I),
        "two things asked of in the singular",
    ),
]


def moves_for(scenario: Scenario) -> Iterator[Move]:
    """Representative moves of every kind, over every option the kind may name in this scenario."""
    space = deal_space(scenario)
    best = max(space.deals, key=lambda d: d.counterpart)
    middle = space.nash or best
    deals = [space.terms_of(best.choice), space.terms_of(middle.choice)]
    for kind in MOVE_KINDS:
        for terms in deals:
            yield Move(kind=kind, terms=terms)
    for issue in scenario.issues:
        for option in issue.options:
            yield Move(kind="nibble", terms=deals[0], extra={issue.id: option.id})
            yield Move(kind="nibble_drop", terms=deals[0], extra={issue.id: option.id})
            yield Move(kind="explain", item=issue.id, extra={issue.id: option.id})
        yield Move(kind="dismantle", item=issue.id, terms=deals[1])
        yield Move(kind="accept_reprice", item=issue.id, terms=deals[1])
    for interest in scenario.hidden_interests:
        yield Move(kind="reveal", interest=interest.id)
    price = scenario.issues_tagged("price")[0]
    yield Move(kind="clarify", amount="4,875", item=price.id, options=[o.id for o in price.options[1:3]])
    for issue in scenario.issues:
        said = " or ".join(o.label for o in issue.options[:2])
        yield Move(kind="clarify", amount=said, item=issue.id, options=[o.id for o in issue.options[:2]])


def problems(text: str) -> list[str]:
    return [why for pattern, why in BROKEN if pattern.search(text)] + (["empty"] if not text.strip() else [])


@pytest.mark.parametrize("persona_id", sorted(LIBRARY.personas))
def test_every_line_renders_as_english_in_every_scenario(persona_id: str) -> None:
    persona = LIBRARY.persona(persona_id)
    bad: list[str] = []
    for scenario in LIBRARY.scenarios.values():
        voice = OfflineVoice(scenario, persona, 0)
        for move in moves_for(scenario):
            values = slots(scenario, persona, move)
            for variant in voice.variants(move.kind):
                text = variant.format_map(values)
                bad += [f"{scenario.id} {move.kind}: {why}: {text!r}" for why in problems(text)]
    assert not bad, "\n".join(sorted(set(bad))[:40])


def test_a_persona_with_empty_sections_speaks_its_tactics_bundled_lines() -> None:
    bundled = LIBRARY.persona("nibbler")
    custom = Persona.model_validate(
        {**bundled.model_dump(), "id": "custom", "lines": {"greet": ["Hi there."], "reveal": [], "accept": []}}
    )
    assert "reveal" in falls_back(custom)
    assert "greet" not in falls_back(custom)
    scenario = LIBRARY.scenario("pos-boutique")
    voice = OfflineVoice(scenario, custom, 3)
    for kind in MOVE_KINDS:
        move = next(m for m in moves_for(scenario) if m.kind == kind)
        text = voice.line(move)
        assert kind not in text.lower().split()
        assert kind.replace("_", " ") != text.strip().lower()
        assert text in {v.format_map(slots(scenario, custom, move)) for v in voice.variants(kind)} | {
            t for t in [text] if t.split(" ", 1)[0] in ("As", "Again:", "Like", "To", "Once", "I'll", "Still,")
        }


def test_no_reply_repeats_a_line_word_for_word_in_a_long_call() -> None:
    scenario, persona = LIBRARY.scenario("saas-renewal"), LIBRARY.persona("anchorer")
    voice = OfflineVoice(scenario, persona, 1)
    move = next(m for m in moves_for(scenario) if m.kind == "re_anchor")
    said = [voice.line(move) for _ in range(40)]
    assert len(set(said)) == len(said)


def test_a_reveal_nobody_asked_for_is_not_thanked_as_a_question() -> None:
    """Found playing a call: an offer that touched the support interest drew "That's the right thing to ask."."""
    scenario, persona = LIBRARY.scenario("saas-renewal"), LIBRARY.persona("bundle-dismantler")
    interest = scenario.hidden_interests[0]
    reveal = [Move(kind="reveal", interest=interest.id)]
    offer = Turn(index=1, speaker="trainee", text="55k, 3 years, standard support. Deal?", acts=["offer"])
    question = Turn(index=1, speaker="trainee", text="What's driving the budget?", acts=["question", "interest_probe"])
    asked_lines = {line.split(" {reveal}")[0] for line in persona.lines["reveal"]}
    for seed in range(6):
        unasked = "".join(OfflineVoice(scenario, persona, seed).speak(reveal, [offer]))
        assert interest.reveal in unasked
        assert not any(unasked.startswith(opener) for opener in asked_lines if opener != "{reveal}")
    told = {"".join(OfflineVoice(scenario, persona, seed).speak(reveal, [question])) for seed in range(12)}
    assert any(not t.startswith(interest.reveal) for t in told)  # asked, it may say so
