"""Whole calls typed the way salespeople type, each line annotated with what it means, and the runner that checks
the counterpart against those meanings.

Each script is fixed: the trainee's lines do not depend on what the counterpart says, only on what the trainee
means. Every script is played against every persona of its scenario. The meanings are ours, written by hand, so a
reader that turns "48k won't work for us" into an offer of $48,000 breaks an invariant here. A deal that closes
ends the script; a call still open after the last line is ended by the trainee (no deal).

`python -m tests.counterpart.natural_calls` prints the report: which invariants hold in which call, and for each
broken one the line that closed the deal with what the reader read.
"""

from collections import Counter
from dataclasses import dataclass, field

from trainer.counterpart.session import Session
from trainer.counterpart.transcript import Transcript
from trainer.files.library import Library, load_library
from trainer.files.scenario import Scenario
from trainer.selfplay.intent import INVARIANTS, Invariant, Verdict, check, offer_in
from trainer.selfplay.lines import Intent, Said


@dataclass(frozen=True)
class Line:
    """One typed line and what it means; `proposes` holds one package, or each package of an either/or."""

    text: str
    intents: tuple[Intent, ...]
    proposes: tuple[dict[str, str], ...] = ()
    full: bool = False
    refuses: dict[str, str] = field(default_factory=dict)
    yes: bool = False  # a clear yes to the counterpart's offer on the table
    split: bool = False  # splits the difference between our last price and theirs


def chat(text: str) -> Line:
    """Small talk, thanks, facts and arguments: offers nothing, even when it names a number."""
    return Line(text, ("small_talk",))


def ask(text: str) -> Line:
    return Line(text, ("question",))


def ack(text: str) -> Line:
    return Line(text, ("acknowledge",))


def package(text: str, *packages: dict[str, str]) -> Line:
    """A whole package (every issue), or the whole packages of an either/or."""
    return Line(text, ("propose",), packages, full=True)


def offer(text: str, *packages: dict[str, str]) -> Line:
    """Part of a package (the rest as it stands), or the parts of an either/or."""
    return Line(text, ("propose",), packages)


def refuse(text: str, **terms: str) -> Line:
    return Line(text, ("refuse",), refuses=terms)


def yes(text: str) -> Line:
    return Line(text, ("accept",), yes=True)


def split(text: str) -> Line:
    return Line(text, ("propose",), split=True)


def walk(text: str) -> Line:
    return Line(text, ("walk_away",))


@dataclass(frozen=True)
class Script:
    name: str
    scenario: str
    lines: tuple[Line, ...]


def script(scenario: str, name: str, *lines: Line) -> Script:
    return Script(name, scenario, lines)


BEST_POS = {
    "price": "p5000",
    "support": "one-year",
    "training": "all-staff",
    "payment": "three",
    "terminal": "none",
    "reference": "case-study",
}
BEST_SAAS = {
    "price": "p54000",
    "contract": "three-years",
    "analytics": "premium",
    "onboarding": "on-site",
    "support": "none",
    "casestudy": "published",
}
BEST_SUPPLIER = {
    "price": "p44",
    "contract": "two-years",
    "volume": "cases-400",
    "delivery": "twice-weekly",
    "tastings": "every-store",
    "display": "none",
}
POS_OPEN = {
    "price": "p5500",
    "support": "six-months",
    "training": "owner",
    "payment": "upfront",
    "terminal": "second",
    "reference": "testimonial",
}
SAAS_OPEN = {**BEST_SAAS, "price": "p60000", "onboarding": "remote"}
SAAS_TWO = {
    "price": "p57000",
    "contract": "two-years",
    "analytics": "module",
    "onboarding": "remote",
    "support": "priority",
    "casestudy": "reference",
}
SUPPLIER_OPEN = {
    "price": "p48",
    "contract": "one-year",
    "volume": "cases-200",
    "delivery": "weekly",
    "tastings": "ten-stores",
    "display": "stands",
}

SCRIPTS: tuple[Script, ...] = (
    # --- the boutique till ------------------------------------------------------------------------------------
    script(
        "pos-boutique",
        "refusal, acknowledgement, then a whole package and a yes",
        ask("Hi, thanks for having me back in the shop. How's the new season looking?"),
        ask("Before we get to numbers, what happened with the old till? Sounds like it really let you down."),
        refuse("I'm afraid $4,500 won't work for us.", price="p4500"),
        ack("Okay, I hear you."),
        package(
            "Here's what I can do: $5,000 with a year of support, training for all your staff, three payments over "
            "six months, no second terminal, and you'd do a case study for us and introduce us to a couple of shops "
            "on the street.",
            BEST_POS,
        ),
        yes("Great, let's shake on it."),
    ),
    script(
        "pos-boutique",
        "questions and acknowledgements only, then a walk-away",
        chat("Morning! Thanks again for the demo last week."),
        ack("Sure, I understand where you're coming from."),
        ask("How did you get to $4,500?"),
        ack("Fair enough."),
        refuse("Forty-five hundred's not possible for us, sorry.", price="p4500"),
        walk("I don't think we're going to get there today. Thanks for your time, but I'm going to walk away."),
    ),
    script(
        "pos-boutique",
        "costs as arguments, a conditional offer, then a package put as a question",
        chat("Our cost on the hardware alone is about $3,900, so there isn't a lot of room."),
        chat("And a two-year plan is $900 of helpdesk time for us, just so you know where that number comes from."),
        offer(
            "If you can pay in three instalments, I can do five grand with a year of support and training for the "
            "whole team.",
            {"price": "p5000", "payment": "three", "support": "one-year", "training": "all-staff"},
        ),
        package(
            "So: $5,000, one-year support, on-site training for all staff, three instalments, no second card "
            "terminal, and a case study. Would that work for you?",
            BEST_POS,
        ),
        yes("Yes, deal."),
    ),
    script(
        "pos-boutique",
        "an item taken out, a nibble refused, split the difference, everything else the same",
        package(
            "How about $5,500 with a six-month support plan, a remote training session for you, payment upfront, "
            "a second card terminal and a short testimonial?",
            POS_OPEN,
        ),
        package(
            "If we take the second terminal out, the price comes down to $5,250.",
            {**POS_OPEN, "price": "p5250", "terminal": "none"},
        ),
        refuse("I can't throw in the second terminal, I'm afraid.", terminal="second"),
        split("Let's split the difference."),
        package(
            "Everything else the same, at five thousand.",
            {**POS_OPEN, "price": "p5000", "terminal": "none"},
        ),
        yes("Works for me, let's do it."),
    ),
    script(
        "pos-boutique",
        "an either/or offer, refusals of extras, then a walk-away",
        chat("Hi! Hope the weekend went well."),
        package(
            "I can do $5,000 paid in full, or $5,250 in three instalments, both with a year of support, on-site "
            "training for all staff, one terminal and a short testimonial.",
            {**BEST_POS, "payment": "upfront", "reference": "testimonial"},
            {**BEST_POS, "price": "p5250", "reference": "testimonial"},
        ),
        refuse("No, the two-year support plan isn't something I can include.", support="two-years"),
        refuse("And I can't throw in the second terminal either.", terminal="second"),
        ack("I understand, honestly."),
        walk("Look, I think we're too far apart. I'll leave it there, thanks."),
    ),
    script(
        "pos-boutique",
        "an offer put as a question, a refused figure, a final package, a yes",
        ask("What would make this an easy yes for your sister?"),
        offer(
            "Would five grand work for you if we threw in on-site training for the team?",
            {"price": "p5000", "training": "all-staff"},
        ),
        refuse("No, I can't go down to $4,750.", price="p4750"),
        package(
            "Okay, final offer: $5,000, a year of support, full staff training, three payments, no second card "
            "reader and a case study with intros to other shops.",
            BEST_POS,
        ),
        yes("Deal. Let's shake on it."),
    ),
    # --- the software renewal ---------------------------------------------------------------------------------
    script(
        "saas-renewal",
        "facts with numbers, a refused figure, a whole package, a yes",
        chat("Thanks for jumping on a call. I know the quote came in higher than you expected."),
        chat("You paid $57,000 last year, and we've worked together for three years now."),
        refuse("I'm afraid 48k won't work for us.", price="p48000"),
        ack("Okay, I hear you."),
        package(
            "What I can do is $54,000 a year on a three-year contract, with the Premium tier, on-site onboarding "
            "for the new people, standard support, and a published case study.",
            BEST_SAAS,
        ),
        yes("Great, let's shake on it."),
    ),
    script(
        "saas-renewal",
        "a question about their number, an either/or, a monthly rate, then a walk-away",
        ask("How did you get to $48,000?"),
        offer(
            "60k for one year, or 54k a year if you go for three.",
            {"price": "p60000", "contract": "one-year"},
            {"price": "p54000", "contract": "three-years"},
        ),
        package(
            "$4,500 a month on three years, with the Premium tier thrown in, on-site onboarding, standard support "
            "and a published case study.",
            BEST_SAAS,
        ),
        ack("Sure, I understand where you're coming from."),
        walk("Then I think we'll have to leave it there. Thanks for your time."),
    ),
    script(
        "saas-renewal",
        "a saving as an argument, an item taken out, a refused figure, a yes",
        chat("For what it's worth, a multi-year deal would lock your price for three years, which your CFO can count."),
        ask("What does a good outcome look like for your finance team?"),
        package(
            "How about $57,000 a year for two years, with the analytics module, remote onboarding, 24/7 support "
            "kept as it is, and you'd take a couple of reference calls for us?",
            SAAS_TWO,
        ),
        package(
            "If we drop the 24/7 support, I can bring it down to $54,000.",
            {**SAAS_TWO, "price": "p54000", "support": "none"},
        ),
        refuse("Fifty-one's not possible on a two-year deal.", price="p51000"),
        yes("Alright, you've got a deal."),
    ),
    script(
        "saas-renewal",
        "come down another N, a refusal, meet halfway, then a walk-away",
        package(
            "Let's start here: $60,000 a year, three years, Premium tier, remote onboarding, standard support, "
            "published case study.",
            SAAS_OPEN,
        ),
        package(
            "I could come down another three thousand, everything else the same.",
            {**SAAS_OPEN, "price": "p57000"},
        ),
        refuse("No, 48k isn't something I can get approved.", price="p48000"),
        split("Let's meet halfway."),
        ack("I hear you, and I appreciate you being straight with me."),
        walk("I'm sorry, I don't think there's a deal here. I'll walk away from this one."),
    ),
    script(
        "saas-renewal",
        "an offer as a question, refused extras, a final package, a yes",
        chat("Hi! How are things at Northgate?"),
        offer("Would $57k work if you committed to three years?", {"price": "p57000", "contract": "three-years"}),
        refuse("I can't add on-site onboarding at that price, sorry.", onboarding="on-site"),
        refuse("Two years doesn't work for us at that discount.", contract="two-years"),
        package(
            "OK here's my final offer: 57k a year, three-year term, analytics module, remote onboarding, no 24/7 "
            "support, reference calls.",
            {
                "price": "p57000",
                "contract": "three-years",
                "analytics": "module",
                "onboarding": "remote",
                "support": "none",
                "casestudy": "reference",
            },
        ),
        yes("Yes, that's a deal."),
    ),
    script(
        "saas-renewal",
        "a question, an acknowledgement, a clear yes to their offer",
        ask("What's changing in your operations over the next year?"),
        ack("That makes sense."),
        yes("You know what, your offer works for me. Let's do it."),
    ),
    # --- the supplier contract --------------------------------------------------------------------------------
    script(
        "supplier-contract",
        "refusals that name a figure and a term, then a whole package and a yes",
        chat("Thanks for inviting us in. The trial went really well on our side."),
        refuse("Forty's not possible, I'm afraid.", price="p40"),
        refuse("Another six-month trial doesn't work for us.", contract="six-months"),
        ack("Sure, I understand where you're coming from."),
        package(
            "Here's what I can do: $44 a case on a two-year contract, 400 cases a month minimum, deliveries twice "
            "a week, tastings in every store, and we drop the display stands.",
            BEST_SUPPLIER,
        ),
        yes("Brilliant, let's shake on it."),
    ),
    script(
        "supplier-contract",
        "a question about their number, a cost as a fact, a refusal, a walk-away",
        ask("How did you arrive at $40 a case?"),
        chat("Our cost is about $36 a case today, so forty barely covers it."),
        refuse("$42 won't work for us either.", price="p42"),
        ack("Okay, I hear you."),
        walk("I'm going to walk away from this one. Thanks for your time."),
    ),
    script(
        "supplier-contract",
        "an item taken out, a conditional offer, a question, a final package",
        package(
            "$48 a case, one-year contract, 200 cases a month, weekly deliveries, tastings in the ten biggest "
            "stores, and the display stands included.",
            SUPPLIER_OPEN,
        ),
        package("Without the stands I can do $46 a case.", {**SUPPLIER_OPEN, "price": "p46", "display": "none"}),
        offer("If you sign for two years I can do $44.", {"price": "p44", "contract": "two-years"}),
        ask("Which matters more to you, the price or the deliveries?"),
        package(
            "So: $44 a case, two years, 400 cases a month, twice-weekly deliveries, tastings in every store, no "
            "stands.",
            BEST_SUPPLIER,
        ),
        yes("Great, deal."),
    ),
    script(
        "supplier-contract",
        "a per-jar price, come down another $2, a refused extra, split the difference, a walk-away",
        package(
            "We could do $4 a jar, so $48 a case, on a one-year contract with 200 cases a month, weekly "
            "deliveries, tastings in ten stores and no display stands.",
            {**SUPPLIER_OPEN, "display": "none"},
        ),
        package(
            "I can come down another $2 if you commit to two years.",
            {**SUPPLIER_OPEN, "display": "none", "price": "p46", "contract": "two-years"},
        ),
        refuse("No, I can't do tastings in every store at that price.", tastings="every-store"),
        split("Let's split the difference."),
        ack("Fair enough."),
        walk("We'll stick with the farm shops for now. Thanks, but no deal."),
    ),
    script(
        "supplier-contract",
        "an offer as a question, a refused extra, a clear yes",
        ask("What's gone wrong with small suppliers before, if you don't mind me asking?"),
        offer("Would $46 a case work if we deliver every week?", {"price": "p46", "delivery": "weekly"}),
        refuse("I can't throw in the display stands for free.", display="stands"),
        yes("Ok, that works for me. Deal."),
    ),
    script(
        "supplier-contract",
        "an either/or, a refused figure, an acknowledgement, a question, a yes",
        package(
            "Either $46 a case on a one-year contract, or $44 on two years, both with 400 cases a month, "
            "twice-weekly deliveries, tastings in every store and no stands.",
            {**BEST_SUPPLIER, "price": "p46", "contract": "one-year"},
            BEST_SUPPLIER,
        ),
        refuse("$42 a case won't work, sorry.", price="p42"),
        ack("I hear you."),
        ask("What would make the new local range a success for you?"),
        yes("Alright, I'll take your offer."),
    ),
)


@dataclass(frozen=True)
class Call:
    script: Script
    persona: str

    @property
    def id(self) -> str:
        return f"{self.script.scenario} x {self.persona}: {self.script.name}"


def calls(library: Library) -> list[Call]:
    """Every script against every persona of its scenario."""
    return [Call(s, p) for s in SCRIPTS for p in library.scenario(s.scenario).personas]


@dataclass
class Played:
    call: Call
    transcript: Transcript
    said: list[Said]
    verdicts: list[Verdict]

    def broken(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.holds]


def play(call: Call, library: Library, seed: int = 0) -> Played:
    scenario = library.scenario(call.script.scenario)
    session = Session(scenario, library.persona(call.persona), seed=seed)
    session.start()
    said: list[Said] = []
    for line in call.script.lines:
        said.append(meaning(line, scenario, session.transcript, said))
        session.reply(line.text)
        if session.ended:
            break
    session.end()
    return Played(call, session.transcript, said, check(session.transcript, said, [i.id for i in scenario.issues]))


def meaning(line: Line, scenario: Scenario, transcript: Transcript, before: list[Said]) -> Said:
    """What the line means at this point of the call: a yes takes the offer on the table, a split its middle."""
    standing = next((offer_in(t.moves) for t in reversed(transcript.counterpart_turns()) if offer_in(t.moves)), {})
    packages = list(line.proposes)
    if line.split:
        packages = [{"price": p} for p in _halfway(scenario, standing, before)]
    return Said(
        text=line.text,
        intents=list(line.intents),
        proposes=packages[0] if packages else {},
        alternatives=packages[1:],
        full=line.full,
        refuses=line.refuses,
        accepts=standing if line.yes else {},
    )


def _halfway(scenario: Scenario, standing: dict[str, str], before: list[Said]) -> list[str]:
    """The price options nearest the middle of our last price and theirs (both, on a tie)."""
    price = scenario.issue("price")
    ours = next((s.proposes["price"] for s in reversed(before) if "price" in s.proposes), None)
    if ours is None or "price" not in standing:
        return []
    middle = ((price.option(ours).amount or 0) + (price.option(standing["price"]).amount or 0)) / 2
    gaps = {o.id: abs((o.amount or 0) - middle) for o in price.options}
    return [k for k, gap in gaps.items() if gap == min(gaps.values())]


def play_all(library: Library | None = None) -> list[Played]:
    library = library or load_library()
    return [play(c, library) for c in calls(library)]


def report(played: list[Played]) -> str:
    total = len(played) * len(INVARIANTS)
    held = sum(v.holds for p in played for v in p.verdicts)
    rows = [f"{held} of {total} invariants hold over {len(played)} calls"]
    by: dict[Invariant, int] = dict.fromkeys(INVARIANTS, 0)
    for p in played:
        for v in p.broken():
            by[v.invariant] += 1
    rows += [f"  {i}: broken in {n} call(s)" for i, n in by.items()]
    statuses = Counter(p.transcript.outcome.status for p in played)
    rows.append("outcomes: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
    for p in played:
        if p.broken():
            closing = p.transcript.trainee_turns()[-1]
            rows.append(f"- {p.call.id} -> {p.transcript.outcome.status} {p.transcript.outcome.terms}")
            rows += [f"    {v.invariant}: {v.detail}" for v in p.broken()]
            rows.append(f"    closed on {closing.text!r}, read as acts={closing.acts} terms={closing.terms}")
    return "\n".join(rows)


if __name__ == "__main__":
    print(report(play_all()))
