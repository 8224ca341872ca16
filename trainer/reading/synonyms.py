"""A small thesaurus for saying back by meaning: stems, and words and phrases that mean the same in a sales call.

Written by hand from everyday English (what a buyer or a seller says about money, time, people, support, stock,
reporting, risk and feelings), not learned from any corpus. Each concept lists single words (any inflection: they
are stemmed) and set phrases (regular expressions over lower-case text, matched before the words).
"""

import re
from functools import lru_cache

# Words that carry no content of their own in a say-back.
_STOP_WORDS = (
    "a an the and or but so to of in on at for with from by about as into than then that this these those it its "
    "it's is are was were be been being am do does did done doing have has had having i i'm i've i'd i'll me my "
    "mine myself we we're we've we'll we'd us our ours you you're you've you'll you'd your yours yourself he she "
    "him her his they them their there here what which who whom whose when where why how not no yes just really "
    "very quite can could would should will shall may might must can't won't don't doesn't didn't isn't aren't "
    "wasn't weren't couldn't wouldn't shouldn't haven't hasn't also too all any some more most much many lot lots "
    "get got gets getting go going goes went gone want wants like know think make makes made one ones well good "
    "great okay ok sure yeah oh if because since while until up down out over off again still even ever only "
    "actually honestly basically right now then thing things something anything everything someone anyone "
    "everyone somebody nobody people way lot bit kind sort other another each every own same such say says said "
    "tell told hear heard sound sounds sounded seem seems seemed mean means meant understand understood see "
    "follow got gotcha let let's whole entire"
)
STOP = frozenset(_STOP_WORDS.split())

# concept: (single words, set phrases as regular expressions)
_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    # --- what matters -----------------------------------------------------------------------------------------
    "need": (
        "need needed needs require required essential matter matters mattered important importance priority "
        "priorities crucial critical key vital care",
        (r"what counts", r"must[- ]have", r"deal[- ]?breaker", r"(?:most|really|truly) (?:want|need)"),
    ),
    "prefer": (
        "prefer preferred rather instead",
        (
            r"would rather",
            r"suits? (?:me|you) (?:better|best)",
        ),
    ),
    # --- money --------------------------------------------------------------------------------------------------
    "pay": (
        "pay paid paying payment payments instalment instalments installment installments finance financing "
        "spread split",
        (r"pay(?:ing)? (?:it )?(?:off|over time|in parts|in stages)", r"bit by bit"),
    ),
    "lump": (
        "lump upfront",
        (
            r"up[- ]front",
            r"all at once",
            r"in one go",
            r"(?:the )?(?:whole|full|entire) (?:amount|sum|price)",
            r"one payment",
            r"single payment",
        ),
    ),
    "cash": (
        "cash money funds afford affordable tight squeeze squeezed short",
        (r"cash[- ]?flow", r"low on (?:cash|money|funds)", r"strapped"),
    ),
    "cost": ("cost costs price prices pricing spend spending expense expenses fee fees bill", ()),
    "cut": (
        "saving savings save cut cuts reduce reduced reduction lower lowered discount trim",
        (r"costs? down", r"bring (?:\w+ )?down", r"percent off", r"% off"),
    ),
    "ceiling": ("ceiling limit cap maximum max budget", (r"most (?:i|we|you) can (?:spend|pay)", r"top figure")),
    "cheap": ("cheaper cheap inexpensive", (r"less expensive", r"lower[- ]cost")),
    "lock": ("lock locked fixed", (r"price (?:protection|guarantee|freeze)",)),
    "rise": ("increase increased increases rise rising hike hikes", (r"go(?:es|ing)? up", r"went up")),
    "contract": ("contract contracts commitment commit committed agreement renewal renew", (r"lock[- ]?in",)),
    "risk": ("risk risky gamble exposure exposed unsafe", (r"on the line",)),
    "switch": ("switch switching migrate migration replace replacing", (r"mov(?:e|ing) (?:to|away|over)",)),
    "quality": ("quality defect defects standard standards returns", ()),
    # --- time ---------------------------------------------------------------------------------------------------
    "deadline": ("deadline deadlines due cutoff", (r"(?:by|before) the end of", r"no later than", r"in time for")),
    "season": ("season seasons seasonal spring summer autumn winter term", ()),
    "christmas": ("christmas xmas holiday holidays festive december", ()),
    "weekend": ("saturday sunday weekend weekends", ()),
    "monday": ("monday tuesday wednesday thursday friday weekday weekdays", ()),
    "month": ("month months", (r"(?:few|couple of) weeks",)),
    "quarter": ("quarter quarterly", (r"every three months", r"four times a year")),
    "year": ("year years annual annually multiyear", (r"multi[- ]year", r"long[- ]term")),
    "fortnight": ("fortnight fortnightly biweekly", (r"(?:two|2) weeks", r"every other week")),
    "early": ("early first initial start beginning opening", ()),
    "often": ("often frequent frequently regular regularly", (r"more often", r"every week", r"weekly")),
    "rarely": ("hardly barely rarely seldom never", (r"not (?:much|often|really)", r"almost never")),
    # --- things going wrong ---------------------------------------------------------------------------------------
    "break": (
        "break breaks broke broken froze freeze freezes frozen crash crashed crashes outage downtime fail failed "
        "failure fault glitch bug",
        (
            r"went (?:down|wrong)",
            r"goes (?:down|wrong)",
            r"go(?:es)? wrong",
            r"stop(?:s|ped)? working",
            r"(?:is|was) down",
        ),
    ),
    "answer": (
        "answer answered answers answering respond responded response reply replied callback",
        (
            r"pick(?:s|ed|ing)? up",
            r"get(?:s|ting)? through",
            r"call(?:s|ed)? (?:you |me )?back",
            r"on the phone",
            r"there for (?:you|me|us)",
        ),
    ),
    "support": (
        "support helpline hotline helpdesk service",
        (r"help ?desk", r"support line", r"help line", r"phone line"),
    ),
    "lose": ("lose lost losing loss losses", (r"(?:thrown|throw) away", r"went to waste")),
    "sales": ("sale sales sell selling sold revenue takings", ()),
    "run_out": (
        "empty shortage stockout gaps",
        (r"r[au]n(?:s|ning)? out", r"out of stock", r"(?:can't|cannot|couldn't) keep up", r"keep(?:s|ing)? up"),
    ),
    "waste": (
        "waste wasted binned spoil spoiled markdown markdowns",
        (r"(?:marked|mark) down", r"written off", r"write[- ]?offs?", r"thrown out", r"end(?:s|ed)? up in the bin"),
    ),
    "worry": (
        "worry worried worries worrying fear afraid scared nervous anxious concern concerned wary stress stressed "
        "stressful nightmare awful terrible panic",
        (r"keeps? (?:you|me) up at night",),
    ),
    "trust": (
        "trust reliable reliability dependable rely depend confidence guarantee",
        (r"count on", r"can keep up"),
    ),
    # --- people and roles ---------------------------------------------------------------------------------------
    "staff": (
        "staff assistant assistants employee employees team teams student students worker workers crew hire hires "
        "user users colleague colleagues personnel",
        (r"new (?:person|people|ones|starters?|joiners?)", r"(?:your|my|our) people"),
    ),
    "turnover": (
        "turnover churn leave leaving",
        (r"come and go", r"change every", r"(?:every|each) season", r"new (?:batch|lot|crop)"),
    ),
    "teach": (
        "teach teaching taught train training trained learn learning learnt onboard onboarding show showing coaching",
        (r"up to speed", r"up and running", r"get(?:ting)? started", r"how it works"),
    ),
    "fumble": ("fumble fumbling fumbled struggle struggling mistake mistakes clumsy", (r"mess(?:es|ed)? up",)),
    "customer": ("customer customers shopper shoppers client clients buyer buyers", ()),
    "partner": ("sister partner cofounder co-owner spouse wife husband", (r"business partner",)),
    "books": ("books accounts bookkeeping accountant", ()),
    "boss": (
        "boss director manager managers head chief cfo ceo leadership management board executives",
        (r"finance (?:director|team|department)", r"head of finance"),
    ),
    "approve": (
        "approve approval justify justified explain defend signoff",
        (r"sign(?:s|ed)? off", r"answer for", r"(?:go|come) (?:back )?home"),
    ),
    "smart": ("smart wise sensible clever", (r"good (?:deal|buy|decision|call)", r"well spent")),
    "department": ("department departments division divisions", (r"every team",)),
    "target": ("target targets goal goals mandate measured judged kpi", (r"told (?:to|every)",)),
    "legal": ("legal lawyer lawyers compliance", ()),
    # --- reputation and community -----------------------------------------------------------------------------------
    "community": (
        "traders neighbours neighbors neighbour neighbor community street shopkeepers association group",
        (r"(?:other )?shop ?owners", r"other shops", r"high street", r"business owners"),
    ),
    "lead": ("chair chairs chaired lead leads run runs", (r"in charge of",)),
    "recommend": (
        "recommend recommended recommendation refer referral referrals vouch endorse advice advise reference",
        (r"word of mouth", r"put in a good word", r"say so", r"speak for", r"ask me"),
    ),
    "recognition": (
        "recognition recognised recognized credit spotlight showcase publicity proud pride visible",
        (r"show(?:n|ed|ing)? off", r"case stud(?:y|ies)", r"shout[- ]?out"),
    ),
    "personal": (
        "personal personally reputation credibility championed champion pushed",
        (r"pushed for", r"reflects? on", r"my (?:call|choice|decision|neck)", r"(?:your|my) name on"),
    ),
    "choose": ("choose chose chosen choice pick picked select selected", ()),
    "rival": ("rival competitor competitors alternative", (r"other option", r"cheaper option")),
    # --- place and stock ------------------------------------------------------------------------------------------
    "site": (
        "warehouse warehouses site sites depot location locations facility branch",
        (r"distribution cent(?:re|er)",),
    ),
    "expand": (
        "expand expanding expansion grow growing growth",
        (
            r"(?:a |another |the )?second (?:site|warehouse|location|store|branch|depot)",
            r"open(?:s|ing)? (?:a|another)",
        ),
    ),
    "rollout": (
        "rollout launch launching implementation deployment golive",
        (r"roll(?:ed|ing)? out", r"go(?:ing)? live", r"set ?up"),
    ),
    "drag": ("drag dragged dragging delay delayed slow forever", (r"took (?:months|ages|forever)",)),
    "onsite": ("onsite", (r"on[- ]site", r"in person", r"(?:somebody|someone|nobody|no one) (?:was )?there")),
    "report": (
        "report reports reporting present presentation presents dashboard dashboards analytics metrics kpis "
        "figures numbers",
        (r"cost per order",),
    ),
    "manual": ("spreadsheet spreadsheets excel manual manually stitching stitch", (r"by hand",)),
    "control": ("control", (r"on top of", r"in charge")),
    "night": (
        "night nights overnight nightshift evening evenings",
        (r"24/7", r"round[- ]the[- ]clock", r"around the clock", r"out of hours"),
    ),
    "daytime": ("day days daytime", (r"day shift", r"business hours", r"office hours", r"working hours")),
    "use": ("use used uses using call called calls calling", ()),
    "stock": ("stock stocks inventory collection goods supplies products product items", ()),
    "supplier": ("supplier suppliers vendor vendors producer producers maker makers", ()),
    "local": ("local regional nearby", (r"local table",)),
    "range": ("range line assortment", (r"product line",)),
    "shelf": ("shelf shelves unsold", (r"sit(?:s|ting)? (?:there|on the shelf)", r"not selling", r"don't sell")),
    "pull": ("pull pulled drop dropped scrap scrapped cancel cancelled kill killed delist delisted axe axed", ()),
    "try": ("try trying tried taste tastes tasting tastings sample samples sampling", ()),
    "sell_through": ("sellthrough", (r"sell[- ]through", r"sell(?:s)? (?:early|fast|quickly|well)")),
    "space": ("space room storage capacity", (r"no room",)),
    "full": ("full bursting overflowing packed crammed overstocked", (r"out of (?:space|room)",)),
    "small": ("small smaller little", ()),
    "delivery": ("delivery deliveries deliver delivered shipment shipments", ()),
    "big": ("big large bulk huge pallet pallets", ()),
    "display": (
        "display displays fixture fixtures merchandising",
        (r"(?:display|supplier|promo|promotional|floor) (?:stands?|units?)", r"stands(?= (?:clutter|end|take|get))"),
    ),
    "layout": ("planogram layout layouts", (r"shelf plan",)),
    "clutter": ("clutter cluttering cluttered aisle aisles block blocking", (r"in the way",)),
    "back_room": ("storeroom stockroom", (r"back ?room", r"never (?:get )?used", r"gather(?:s|ing)? dust")),
    "dislike": ("hate hates dislike dislikes loathe", (r"can't stand", r"don't (?:like|want)", r"not keen")),
    "three": ("three 3", ()),
    "ten": ("ten 10 10%", ()),
    "forty": ("forty 40", ()),
    "two": ("two 2", ()),
    "five": ("five 5 5000 5,000", (r"five thousand", r"\$5,?000", r"5k")),
}

_IRREGULAR = {
    "went": "go",
    "ran": "run",
    "sold": "sell",
    "paid": "pay",
    "lost": "lose",
    "kept": "keep",
    "broke": "break",
    "broken": "break",
    "froze": "freeze",
    "frozen": "freeze",
    "chose": "choose",
    "chosen": "choose",
    "bought": "buy",
    "taught": "teach",
    "thought": "think",
    "left": "leave",
    "felt": "feel",
    "spent": "spend",
    "people": "people",
    "shelves": "shelf",
}


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A light stem, the same for the usual inflections: "worry", "worried" and "worries" -> "worr"."""
    word = word.strip("'").removesuffix("'s")
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith(("ss", "us", "is")):
            if suffix == "ly" and len(word) < 7:
                break  # "early", "family" keep their ending; "monthly", "quarterly" lose it
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and word[-1] == word[-2] and word[-1] not in "aeioulsz":
                word = word[:-1]  # "stopped" -> "stopp" -> "stop"
            break
    return word.rstrip("ey") if len(word) > 3 else word


_SUFFIXES = ("ingly", "edly", "ing", "ied", "ies", "ed", "es", "ly", "s")


_WORD_CONCEPT = {stem(word): concept for concept, (words, _) in _GROUPS.items() for word in words.split()}
PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<![a-z0-9]){pattern}(?![a-z0-9])"), concept)
    for concept, (_, phrases) in _GROUPS.items()
    for pattern in phrases
)


def ambiguous_stems() -> dict[str, set[str]]:
    """Stems listed under more than one concept (the table should have none: the last one would win silently)."""
    groups: dict[str, set[str]] = {}
    for concept, (words, _) in _GROUPS.items():
        for word in words.split():
            groups.setdefault(stem(word), set()).add(concept)
    return {s: c for s, c in groups.items() if len(c) > 1}


def concept_of(word: str) -> str:
    """The concept a word stands for: its group in the table, else its own stem; "" for a stop word."""
    if word in STOP:
        return ""
    stemmed = stem(word)
    return _WORD_CONCEPT.get(stemmed, stemmed)
