"""What a trainee utterance means to the counterpart: dialogue acts, offer terms and a few pressure signals."""

import re
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from trainer.files.scenario import Scenario
from trainer.reading.acts import Act, ContextTurn
from trainer.reading.message import Table, read_message
from trainer.reading.terms import Ambiguity, read_terms

_SECRET = re.compile(
    r"\b(walk[- ]?away|bottom[- ]line|reservation (price|value)|your (limit|ceiling|max(imum)?|minimum|floor|points?)|"
    r"(most|max(imum)?|highest|lowest|least) (you|you'?d|you can|you could|you will|you would)|"
    r"(real|actual|true|max(imum)?|total) budget|budget (is|limit)|system prompt|your (instructions|prompt|rules)|"
    r"ignore (all |your |previous |the )*(instructions|rules|prompt)|point (value|table)s?|how many points|batna)\b",
    re.I,
)
_CHALLENGE = re.compile(
    r"\b(how (did|do) you (come|arrive|get) (up )?(at|to|with)|where (does|did) (that|this|the) (number|figure|price|"
    r"amount) come from|what('?s| is) (that|this|it) (number |figure |price )?based on|based on what|"
    r"why (that|this) (number|figure|price|amount)|how do you justify|what('?s| is) behind (that|this|the) "
    r"(number|figure|price)|how was (that|this) (number|figure|price) (set|calculated|worked out)|walk me through)",
    re.I,
)
_REASON = re.compile(
    r"\b(because|since|given (that|the)|market (rate|price|value)|benchmark|typical(ly)?|compared (to|with)|industry|"
    r"comparable|similar (clients|customers|businesses|stores|companies)|our costs?|that reflects|roi|return on|"
    r"what others pay|going rate|list price)\b",
    re.I,
)
_TRADE = re.compile(
    r"(\bif (i|we) (add|include|throw|give|do)\b.*|\bin (return|exchange)\b|\bwhat do (i|we) get\b|\btrade\b|"
    r"\bonly if\b|\bon (the )?condition\b|\bprovided (that )?you\b|\bas long as you\b|\bcan you (sign|commit|agree)\b|"
    r"\bwould you (sign|commit|agree)\b|\bin which case\b)",
    re.I,
)
_HOLD = re.compile(
    r"\b(price (covers|includes)|as (we )?agreed|what we agreed|stick (with|to)|not included|can'?t (add|include|"
    r"throw)|costs? extra|that'?s extra|is extra|not part of|keep (it|the deal|the package) as|the deal is the deal)\b",
    re.I,
)
_PRESSURE = re.compile(r"\b(final offer|take it or leave it|last chance|non-?negotiable|now or never)\b", re.I)


class Understanding(BaseModel):
    """One trainee utterance as the counterpart reads it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    acts: list[Act]
    terms: dict[str, str] = Field(default_factory=dict)
    ambiguous: list[Ambiguity] = Field(default_factory=list)
    absurd: list[str] = Field(default_factory=list)
    secret_request: bool = False
    challenge: bool = False
    reasoned: bool = False
    trade: bool = False
    hold: bool = False
    pressure: bool = False
    assents: bool = False
    refuses: bool = False
    refused: dict[str, str] = Field(default_factory=dict, description="Terms the trainee turned down.")
    alternatives: list[dict[str, str]] = Field(default_factory=list, description="Packages offered as either/or.")
    walks_away: bool = False
    firm: bool = Field(False, description="A yes that needs no confirming ('deal'); a bare 'ok' is not firm.")
    inferred: bool = Field(False, description="The proposed terms were filled from the conversation, not said.")
    notes: list[str] = Field(default_factory=list, description="How words became terms: 'heard $5,200 as $5,250'.")
    mentioned: dict[str, str] = Field(
        default_factory=dict, description="Every term the message names, whatever it does with it."
    )
    asks_for_offer: bool = Field(False, description="Asks for its position: 'what's your price?'.")
    asks_meaning: bool = Field(False, description="Asks what a term means or includes.")

    def has(self, act: Act) -> bool:
        return act in self.acts

    @property
    def agrees(self) -> bool:
        """Says yes to what is on the table; a refusal, a question or a walk-away is never a yes."""
        return self.assents and not (self.refuses or self.walks_away or self.has("question"))

    @property
    def listens(self) -> bool:
        return any(a in self.acts for a in ("interest_probe", "reflection", "acknowledgement"))


def understand(
    text: str, scenario: Scenario, context: Sequence[ContextTurn] = (), table: Table | None = None
) -> Understanding:
    """Reads acts and terms; a long message is read in full but costs no more than its first 2,000 characters.

    `table` is what is on the table (the trainee's proposals, the counterpart's standing offer); a live session
    passes its own, so "split the difference" or "same as before" resolve against the real offers.
    """
    clipped = text[:2000]
    r = read_message(clipped, scenario, context, table)
    # A yes whose terms came from the table takes their offer; terms the trainee said are weighed as a proposal.
    accepting_theirs = r.accepts and r.inferred and "offer" not in r.acts
    return Understanding(
        text=text,
        acts=list(r.acts),
        terms={} if accepting_theirs else dict(r.proposes),
        ambiguous=list(r.ambiguous),
        absurd=list(r.absurd),
        secret_request=bool(_SECRET.search(clipped)),
        challenge="challenge" in r.acts or bool(_CHALLENGE.search(clipped)),
        reasoned=bool(_REASON.search(clipped)),
        trade=bool(_TRADE.search(clipped)),
        hold=bool(_HOLD.search(clipped)),
        pressure=bool(_PRESSURE.search(clipped)) or _shouting(clipped),
        assents=r.accepts and not r.refuses,
        refuses="reject" in r.acts or bool(r.refuses),
        refused=dict(r.refuses),
        alternatives=[dict(a) for a in r.alternatives],
        walks_away="walk_away" in r.acts,
        firm=r.firm,
        inferred=r.inferred,
        notes=list(r.notes),
        mentioned=dict(read_terms(clipped, scenario).terms),
        asks_for_offer=bool(_ASK_OFFER.search(clipped)),
        asks_meaning="question" in r.acts
        and bool(_ASK_MEANING.search(clipped))
        and not (r.acts.count("interest_probe") and _ABOUT_THEM.search(clipped)),
    )


_ASK_OFFER = re.compile(
    r"\b(what('?s| is| would be) your (offer|price|number|proposal|position|best)|what (would|could|can) you (pay|"
    r"offer|do)|make (me )?an offer|what did you have in mind|what are you (thinking|proposing|offering)|name (a|your) "
    r"(price|number)|where are you on (price|this|that)|what('?s| is) on the table|what do you want)\b",
    re.I,
)
# "What would you want the support to look like?" asks about their needs, not what a term means.
_ABOUT_THEM = re.compile(r"\byou(?:'d| would| do| did)? (?:want|need|like|expect|prefer|hope)\b", re.I)
_ASK_MEANING = re.compile(
    r"\b(what (does|do|would|will) (that|this|it|the|your|\w+) .{0,60}(include|cover|mean|involve|entail|"
    r"consist of)|what (do you mean|is meant|exactly do you mean) by|what'?s (in|included in|covered by)|what exactly "
    r"(is|are|does)|what kind of|which (one|version|plan|tier)|can you (explain|clarify)|what is the difference)",
    re.I,
)


_PROPOSING = re.compile(
    r"\b(how about|what about|what if|would you|could you|could we|can we|can you|shall we|let'?s|i can|i could|"
    r"we can|we could|i'?ll|we'?ll|i'?d|we'?d|i propose|i suggest|i offer|my offer|our offer|deal at|make it \$?\d|"
    r"go with|settle|meet (you )?at|do it for|take it for|agree to|fine with|ok with|okay with)\b",
    re.I,
)


def proposes(acts: Sequence[Act], text: str) -> bool:
    """Terms named in a reflection or a plain question restate; only an offer or proposing words put them down."""
    if "offer" in acts or _PROPOSING.search(text):
        return True
    return "reflection" not in acts and "question" not in acts


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7
