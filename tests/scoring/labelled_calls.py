"""Natural calls typed as different trainees would (strong, middling, weak), each valued by a careful human reader.

Each call is played through `Session` with a fixed seed, so it replays identically. `human` holds, for each README
component, the value a careful reader of the transcript gives it (0-1); a component left out was not judged.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LabelledCall:
    name: str
    scenario: str
    persona: str
    seed: int
    lines: tuple[str, ...]
    human: dict[str, dict[str, float]] = field(default_factory=dict)


Labels = dict[str, dict[str, float]]
DISCOVERY = ("interests revealed", "question quality", "learned before committing")
LISTENING = (
    "reveals said back",
    "acknowledgements",
    "answered what they put to you",
    "asking replies",
    "talking over them",
)


def labels(discovery: tuple[float, ...], listening: tuple[float, ...], tactic: dict[str, float]) -> Labels:
    return {
        "interest_discovery": dict(zip(DISCOVERY, discovery, strict=True)),
        "active_listening": dict(zip(LISTENING, listening, strict=True)),
        **({"tactic_handling": tactic} if tactic else {}),
    }


def anchor(held: float, basis: float, counter: float) -> dict[str, float]:
    return {"held the line": held, "asked for its basis": basis, "reasoned counter-anchor": counter}


def dismantles(value: float) -> dict[str, float]:
    return {"dismantles answered": value}


CALLS: tuple[LabelledCall, ...] = (
    LabelledCall(
        "saas-anchorer-strong",
        "saas-renewal",
        "anchorer",
        1,
        (
            "Thanks for making time today. Before we talk numbers, what does a good outcome look like for your "
            "finance team?",
            "I hear you. How did you arrive at 48k, what's that based on?",
            "Makes sense, so you need a number you can take to your CFO. What's changing in your operations over "
            "the next year?",
            "So forty new people who have never used it, and the last rollout dragged because nobody was there. "
            "That matters. How do you show your leadership what the system is delivering?",
            "Got it, two days of spreadsheets every quarter is painful. Given the saving target, how about $54,000 a "
            "year for three years, with the Premium tier and on-site onboarding, because a three-year lock counts as "
            "a saving for your CFO?",
            "Understood. What if we drop the 24/7 support, since your people work days now? Is that something you "
            "use much?",
        ),
        human=labels(discovery=(0.8, 0.8, 1), listening=(1, 1, 0.333, 1, 0), tactic=anchor(1, 1, 1)),
    ),
    LabelledCall(
        "saas-anchorer-weak",
        "saas-renewal",
        "anchorer",
        2,
        (
            "Hi. Our quote is $60,000 for the year.",
            "We can't go that low. How about 57k?",
            "Ok fine, 54k then.",
            "Honestly your number is fine with me. Sounds good, let's do it.",
        ),
        human=labels(discovery=(0, 0, 0), listening=(0, 0, 1, 0, 0), tactic=anchor(0, 0, 0)),
    ),
    LabelledCall(
        "saas-anchorer-middling",
        "saas-renewal",
        "anchorer",
        3,
        (
            "Good to speak again. 48k is a big drop from last year, where's that number coming from?",
            "Ok. We could look at $57,000 for two years.",
            "Fair enough. What's driving the pressure on cost this year?",
            "Right, so your CFO wants ten percent off software. What if we did $54,000 a year over three years?",
            "Hmm, I can't really go lower than that.",
        ),
        # Relabelled after the reader learned "where's that number coming from?" is a challenge: the anchorer now
        # answers its basis and concedes at turn 2. Replies asking something: 3 of 5 (half or more, full weight);
        # moves answered: 4 of 5 (the last re-anchor ends the call unanswered).
        human=labels(discovery=(0.2, 0.75, 0), listening=(1, 1, 0.8, 1, 0), tactic=anchor(1, 1, 0)),
    ),
    LabelledCall(
        "pos-nibbler-middling",
        "pos-boutique",
        "nibbler",
        1,
        (
            "Hi, thanks for meeting. What happened with your current till that made you start looking?",
            "That sounds stressful. Who will be using the system day to day, and how do new people usually learn it?",
            "So your weekend staff change a lot and need to pick it up fast. How about $5,000 with on-site training "
            "for all staff, a one-year support plan and three instalments?",
            "Yes, that's the deal.",
        ),
        human=labels(discovery=(0.4, 1, 1), listening=(0.5, 0.5, 1, 1, 0), tactic={}),
    ),
    LabelledCall(
        "pos-anchorer-weak",
        "pos-boutique",
        "anchorer",
        2,
        (
            "Hello! So the package is $5,500, that includes everything.",
            "That's way too low, we can't do that.",
            "OK what about $5,000 and I throw in the training?",
            "Fine. $4,750 and that's it.",
            "Alright, you've got a deal.",
        ),
        human=labels(discovery=(0.2, 0, 0), listening=(0, 0, 1, 0, 0), tactic=anchor(0, 0, 0)),
    ),
    LabelledCall(
        "pos-anchorer-strong",
        "pos-boutique",
        "anchorer",
        3,
        (
            "Thanks for having me in. Before we get to price, what happened with your current till that made you "
            "start looking?",
            "Losing sales on a busy Saturday is exactly what we want to avoid. How did you land on that figure, what "
            "is it based on?",
            "I see. How does the timing of the payments fit with everything else you're paying for this season?",
            "So paying everything upfront would squeeze your stock money for the spring collection. Because of "
            "that, I could do $5,250 spread over three instalments, with a one-year support plan so a breakdown "
            "never costs you a Saturday again.",
            "I understand. Who else has a say in this purchase?",
        ),
        human=labels(discovery=(0.6, 0.875, 1), listening=(1, 1, 0, 1, 0), tactic=anchor(1, 1, 1)),
    ),
    LabelledCall(
        "pos-dismantler-middling",
        "pos-boutique",
        "bundle-dismantler",
        4,
        (
            "Hi there. Our standard package is $5,500 with support, staff training and a second terminal.",
            "What matters most to you in a new till system?",
            "OK. I could do $5,250 with a one-year support plan and on-site training for everyone.",
            "No, if the training comes out the price stays where it is.",
            "Hmm, OK, let me think. What would you need to say yes today?",
        ),
        human=labels(discovery=(0.4, 1, 0), listening=(0, 0, 0.5, 0.8, 0), tactic=dismantles(0.5)),
    ),
    LabelledCall(
        "pos-nibbler-weak",
        "pos-boutique",
        "nibbler",
        5,
        (
            "Hi, I'm from Brightline. Do you want the full package?",
            "It's $5,500 with two years of support and training.",
            "OK, I can do $4,750.",
            "Sure, fine.",
        ),
        human=labels(discovery=(0.2, 0, 1), listening=(0, 0, 1, 0.5, 0), tactic={}),
    ),
    LabelledCall(
        "supplier-anchorer-strong",
        "supplier-contract",
        "anchorer",
        6,
        (
            "Thanks for the time. That's well under the trial price. How did you arrive at that price, and what "
            "are you measured on this year?",
            "Right, so your margin on the category is what you're judged on. What would make the new local products "
            "a success in their first few months?",
            "So shoppers have to actually try the jams early or the range gets pulled. Given that, I'd propose $46 "
            "a case on a two-year contract with 400 cases a month, and we fund tastings in your ten largest stores.",
            "I hear you. What has your experience been with small suppliers like us?",
        ),
        human=labels(discovery=(0.6, 1, 1), listening=(1, 1, 0.5, 1, 0), tactic=anchor(1, 1, 1)),
    ),
    LabelledCall(
        "supplier-anchorer-middling",
        "supplier-contract",
        "anchorer",
        7,
        (
            "Hi. We were at $48 a case in the trial, so that's a big cut.",
            "Why that number?",
            "We can't do that, our costs are around $36. We'd need $46.",
            "OK, $44 a case on a one-year contract, and that's as low as I go.",
        ),
        human=labels(discovery=(0.2, 0.5, 1), listening=(0, 0, 1, 0.5, 0), tactic=anchor(1, 1, 1)),
    ),
    LabelledCall(
        "supplier-nibbler-strong",
        "supplier-contract",
        "nibbler",
        8,
        (
            "Good to meet you. What would make the new local products a success in their first few months?",
            "So the first three months decide whether the range stays on the shelf. How do deliveries and storage "
            "work on your side, and what goes wrong with them?",
            "Got it: small, frequent drops because the back rooms are tiny. I could do $46 a case on a two-year "
            "contract, 400 cases a month, with weekly deliveries, because that steady volume is what lets us run "
            "a second line.",
            "That works for me if it's a two-year contract.",
        ),
        human=labels(discovery=(0.4, 1, 1), listening=(1, 0.5, 1, 1, 0), tactic={}),
    ),
    LabelledCall(
        "supplier-dismantler-weak",
        "supplier-contract",
        "bundle-dismantler",
        9,
        (
            "Hello. We'd like $48 a case again, with tastings and display stands.",
            "Can you do better than that?",
            "Fine, whatever you think is fair.",
            "OK.",
        ),
        human=labels(discovery=(0, 0, 0), listening=(0, 0, 0.5, 0.5, 0), tactic=dismantles(0.5)),
    ),
    LabelledCall(
        "supplier-dismantler-middling",
        "supplier-contract",
        "bundle-dismantler",
        10,
        (
            "Hi, thanks for meeting. What has your experience been with small suppliers like us?",
            "Understood, reliability matters. We could do $46 a case on a one-year contract with a 200 case minimum.",
            "If the display stands come out, I'd need $48 a case instead.",
            "Let's say $46 with a one-year contract then.",
        ),
        human=labels(discovery=(0.2, 1, 1), listening=(1, 0.5, 1, 0.5, 0), tactic=dismantles(1)),
    ),
    LabelledCall(
        "saas-dismantler-strong",
        "saas-renewal",
        "bundle-dismantler",
        5,
        (
            "Thanks for the time. How has the way your team uses Routewise changed since you first signed?",
            "So with the night shift gone, the round-the-clock line barely gets used. Good to know. What does a good "
            "outcome look like for your finance team?",
            "That makes sense: a locked price counts toward the ten percent. Because of that, I'd propose $54,000 a "
            "year for three years, standard support, the Premium tier and a published case study.",
            "If we take that out, the price has to reflect it: $57,000 a year instead.",
            "Alright. What would make this renewal a success for you personally?",
        ),
        human=labels(discovery=(0.6, 1, 1), listening=(1, 1, 1, 1, 0), tactic=dismantles(0)),
    ),
    LabelledCall(
        "saas-dismantler-weak",
        "saas-renewal",
        "bundle-dismantler",
        11,
        (
            "Hi Dana, renewal time! We're at $60,000 for the year, same as before plus the list increase.",
            "It's the standard increase, everyone's getting it.",
            "Okay, I could maybe do $57,000.",
            "Sure, that's fine, take it out.",
        ),
        human=labels(discovery=(0, 0, 0), listening=(0, 0, 1, 0, 0), tactic=dismantles(0)),
    ),
)
