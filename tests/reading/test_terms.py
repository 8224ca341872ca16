"""The offer-terms reader on a small deal built here: price $4,500-$5,500 in $250 steps, training, payment, support."""

import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from trainer.files.scenario import Scenario
from trainer.reading.numbers import parse_amounts, parse_percents, words_value
from trainer.reading.terms import Ambiguity, TermsReading, read_terms, reader_for


def _option(oid: str, label: str, *synonyms: str, amount: float | None = None) -> dict[str, Any]:
    return {
        "id": oid,
        "label": label,
        "synonyms": list(synonyms),
        "amount": amount,
        "trainee_points": 0,
        "counterpart_points": 0,
    }


def _issue(iid: str, kind: str, tags: list[str], options: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"id": iid, "name": iid.title(), "kind": kind, "description": "d", "tags": tags, "options": options, **extra}


def _doc() -> dict[str, Any]:
    price = [
        _option("p4500", "$4,500", "four and a half", amount=4500),
        _option("p4750", "$4,750", amount=4750),
        _option("p5000", "$5,000", "five grand", amount=5000),
        _option("p5250", "$5,250", amount=5250),
        _option("p5500", "$5,500", "list price", "full price", amount=5500),
    ]
    training = [
        _option("none", "no training", "without training"),
        _option("basic", "basic training"),
        _option("full", "full training", "full onboarding", "basic training plus the advanced course"),
    ]
    payment = [
        _option("upfront", "payment upfront", "up front", "all at once"),
        _option("three", "three instalments", "3 payments"),
        _option("six", "six instalments", "6 payments"),
    ]
    support = [
        _option("none", "no support", "without support"),
        _option("one", "one year of support", "one year", "12 months"),
        _option("two", "two years of support", "two years", "24 months"),
    ]
    return {
        "id": "terms-test",
        "title": "Terms test",
        "summary": "A test deal.",
        "public_brief": "Both know this.",
        "trainee": {"role": "Seller", "brief": "Sell.", "walkaway": 0},
        "counterpart": {"role": "Buyer", "brief": "Buy.", "walkaway": 0},
        "issues": [
            _issue("price", "money", ["price"], price, synonyms=["cost", "fee"]),
            _issue("training", "item", ["extra"], training, synonyms=["onboarding"]),
            _issue("payment", "term", ["payment"], payment),
            _issue("support", "term", ["service"], support),
        ],
    }


SCENARIO = Scenario.model_validate(_doc())


def read(text: str) -> TermsReading:
    return read_terms(text, SCENARIO)


def price_of(text: str) -> str | None:
    return read(text).terms.get("price")


# --- money forms -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("$5,000", "p5000"),
        ("I can do 5k", "p5000"),
        ("5K and we have a deal", "p5000"),
        ("$4.8k", "p4750"),
        ("five thousand", "p5000"),
        ("four thousand seven hundred and fifty", "p4750"),
        ("4,750 dollars", "p4750"),
        ("4750", "p4750"),
        ("5 grand", "p5000"),
        ("USD 5000", "p5000"),
        ("$5000.00", "p5000"),
        ("5250 bucks", "p5250"),
        ("forty-seven fifty", "p4750"),
        ("four and a half grand", "p4500"),
        ("5 thousand five hundred", "p5500"),
        ("Ich zahle 5.000 Euro", "p5000"),
        ("US$ 5,250", "p5250"),
    ],
)
def test_money_forms_map_to_their_price_option(text: str, option: str) -> None:
    assert price_of(text) == option


def test_parse_amounts_reports_value_text_span_and_whether_money_is_explicit() -> None:
    text = "I pay $4,750 now or 5 grand later, maybe 4800"
    found = [(a.value, a.text, a.explicit) for a in parse_amounts(text)]
    assert found == [(4750.0, "$4,750", True), (5000.0, "5 grand", True), (4800.0, "4800", False)]
    assert all(text[a.start : a.end] == a.text for a in parse_amounts(text))


@pytest.mark.parametrize(
    "text",
    [
        "3 instalments",
        "three instalments",
        "2 years",
        "12 months",
        "10 staff",
        "at 5:30",
        "the 5th",
        "5pm",
        "10%",
        "2 more years",
    ],
)
def test_parse_amounts_leaves_out_counts_times_ordinals_and_percentages(text: str) -> None:
    assert parse_amounts(text) == []


def test_parse_amounts_keeps_signs_and_big_scales() -> None:
    assert [(a.value, a.text) for a in parse_amounts("-500 or $-20 or -$30")] == [
        (-500, "-500"),
        (-20, "$-20"),
        (-30, "-$30"),
    ]
    assert [a.value for a in parse_amounts("$5m, 2 million dollars, $4,500-5,000")] == [5e6, 2e6, 4500, 5000]


def test_words_value_reads_number_words() -> None:
    assert words_value(["four", "thousand", "seven", "hundred", "and", "fifty"]) == 4750
    assert words_value(["forty", "five", "hundred"]) == 4500
    assert words_value(["forty", "seven", "fifty"]) == 4750
    assert words_value(["five", "apples"]) is None


def test_parse_percents() -> None:
    assert [(p.value, p.text) for p in parse_percents("10% off, a 15 percent cut, ten per cent")] == [
        (0.10, "10%"),
        (0.15, "15 percent"),
        (0.10, "ten per cent"),
    ]


# --- percentages ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "option", "cut"),
    [
        ("10% off", "p5000", 0.10),  # 5,500 x 0.90 = 4,950
        ("Could you give me a 10 percent discount?", "p5000", 0.10),
        ("15% discount", "p4750", 0.15),  # 4,675: 75 from 4,750, under 40% of the 250 step
        ("a discount of 5%", "p5250", 0.05),  # 5,225
        ("knock 10% off the list price", "p5000", 0.10),  # "the list price" is the reference, not a proposal
    ],
)
def test_percent_off_is_relative_to_the_list_price(text: str, option: str, cut: float) -> None:
    reading = read(text)
    assert reading.terms.get("price") == option
    assert reading.percent_off == pytest.approx(cut)


def test_percent_off_between_options_goes_to_the_nearest_and_is_still_reported() -> None:
    reading = read("12% off")  # 4,840: 90 from 4,750, 160 from 5,000
    assert reading.terms.get("price") == "p4750"
    reading = read("11% off")  # 4,895: 145 from 4,750, 105 from 5,000
    assert reading.terms.get("price") == "p5000"
    assert reading.ambiguous == []
    assert reading.percent_off == pytest.approx(0.11)


def test_whole_price_off_is_absurd_and_a_percentage_without_discount_words_is_not_money() -> None:
    reading = read("100% off")
    assert reading.absurd == ["100% off"]
    assert reading.percent_off is None
    assert "price" not in reading.terms
    plain = read("10% more staff next year")
    assert plain.percent_off is None
    assert plain.terms == {}


def test_an_amount_off_is_off_the_list_price() -> None:
    assert price_of("$500 off") == "p5000"


# --- nearest, ambiguous, absurd ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("$4,800", "p4750"),  # 50 away, step 250
        ("$4,849", "p4750"),  # 99 away: under 40% of the step
        ("$5,200", "p5250"),
        ("$3,000", "p4500"),  # below every option but above half the lowest -> the lowest
        ("$9,000", "p5500"),  # above every option but under twice the highest -> the highest
    ],
)
def test_an_amount_maps_to_the_clearly_nearest_option(text: str, option: str) -> None:
    assert price_of(text) == option


@pytest.mark.parametrize(("text", "option"), [("$4,850", "p4750"), ("$4,900", "p5000"), ("$5,200", "p5250")])
def test_an_amount_between_options_goes_to_the_nearest_with_a_note(text: str, option: str) -> None:
    reading = read(text)
    assert reading.terms == {"price": option}
    assert reading.ambiguous == []
    assert reading.notes == [f"heard {text} as {SCENARIO.issue('price').option(option).label}"]


@pytest.mark.parametrize("text", ["$4,875", "$5,125"])
def test_an_amount_exactly_halfway_is_asked_about(text: str) -> None:
    reading = read(text)
    assert "price" not in reading.terms
    (ambiguity,) = reading.ambiguous
    assert (ambiguity.issue, ambiguity.text, len(ambiguity.candidates)) == ("price", text, 2)
    assert ambiguity.reason == "halfway between two price options"


@pytest.mark.parametrize("text", ["$1", "-500", "$5,000,000", "$0", "$12,000", "$2,000"])
def test_amounts_far_from_the_deal_are_absurd(text: str) -> None:
    reading = read(f"I offer {text}")
    assert reading.absurd == [text]
    assert reading.terms == {}
    assert reading.ambiguous == []


def test_a_small_amount_beside_a_real_price_is_not_absurd() -> None:
    reading = read("Training alone normally costs $500, but I can do $5,000 for everything.")
    assert reading.terms == {"price": "p5000"}
    assert reading.absurd == []


def test_an_absurd_amount_is_reported_even_beside_a_real_price() -> None:
    reading = read("Not $5,000,000, obviously - $5,000.")
    assert reading.terms == {"price": "p5000"}
    reading = read("$5,000,000 or so, ha. Seriously: $5,000.")
    assert reading.absurd == ["$5,000,000"]
    assert reading.terms == {"price": "p5000"}


# --- the last amount is the proposal -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("You said $4,000 but I can do $5,000", "p5000"),
        ("from $5,500 down to $5,200", "p5250"),
        ("$5,000? No, make it $4,750.", "p4750"),
        ("I can't do $5,000, how about $4,750", "p4750"),
        ("not $5,500 but $5,250", "p5250"),
        ("$4,750, with the list price being $5,500", "p5500"),
    ],
)
def test_the_last_amount_is_the_proposal(text: str, option: str) -> None:
    assert price_of(text) == option


def test_a_negated_only_amount_proposes_nothing() -> None:
    assert price_of("I can't pay $5,500") is None


def test_two_amounts_offered_as_alternatives_or_a_range_are_ambiguous() -> None:
    either = read("$4,750 or $5,000")
    assert either.ambiguous == [
        Ambiguity(issue="price", text="$4,750 or $5,000", candidates=["p4750", "p5000"], reason="two price options")
    ]
    between = read("somewhere between $4,500 and $5,000")
    assert between.ambiguous[0].candidates == ["p4500", "p4750", "p5000"]
    assert between.ambiguous[0].text == "between $4,500 and $5,000"
    assert read("$4,500-$5,000").ambiguous[0].reason == "a price range"
    assert "price" not in between.terms


# --- bare numbers: price without a unit, or counts -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["I could do 5", "I could do five.", "ok, 5?", "fine, make it five"])
def test_a_small_bare_number_is_a_price_in_the_deals_scale_with_a_note(text: str) -> None:
    reading = read(text)
    assert reading.terms == {"price": "p5000"}
    assert reading.ambiguous == []
    said = text.split()[-1].strip(".?")
    assert reading.notes == [f"heard {said} as {SCENARIO.issue('price').option('p5000').label}"]


def test_shorthand_keeps_other_terms_and_follows_the_price_rules() -> None:
    reading = read("I could do 5 if you include full training")
    assert reading.terms == {"price": "p5000", "training": "full"}
    assert read("I could do 4.8").terms == {"price": "p4750"}
    assert read("I could do 4.6").terms == {"price": "p4500"}


@pytest.mark.parametrize(
    "text",
    [
        "3 instalments",
        "We need 2 years",
        "over 12 months",
        "we have 10 staff",
        "within 30 days",
        "I could do 5 people",
        "we have 4800 users",
        "that one is fine",
        "in 2025 we grew",
        "We are a team of 5.",
        "I like those five.",
        "see option 5",
        "1 or 2 questions",
    ],
)
def test_counts_are_not_money(text: str) -> None:
    reading = read(text)
    assert "price" not in reading.terms
    assert all(a.issue != "price" for a in reading.ambiguous)
    assert reading.absurd == []


def test_a_bare_number_near_the_prices_is_money_and_a_count_beside_it_is_not() -> None:
    reading = read("4800 in 3 instalments")
    assert reading.terms == {"price": "p4750", "payment": "three"}


# --- options of the other issues -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "issue", "option"),
    [
        ("Full onboarding would help", "training", "full"),
        ("we'd pay all at once", "payment", "upfront"),
        ("payment up-front", "payment", "upfront"),
        ("we pay upfront", "payment", "upfront"),
        ("24 months", "support", "two"),
        ("I'd pay the list price", "price", "p5500"),
        ("BASIC   TRAINING", "training", "basic"),
        ("five grand", "price", "p5000"),
    ],
)
def test_option_labels_and_synonyms(text: str, issue: str, option: str) -> None:
    assert read(text).terms.get(issue) == option


@pytest.mark.parametrize(
    ("text", "issue", "option"),
    [
        ("3 instalments", "payment", "three"),
        ("three instalments", "payment", "three"),
        ("Three-Instalments", "payment", "three"),
        ("in three installments", "payment", "three"),
        ("six payments", "payment", "six"),
        ("a 12-month contract", "support", "one"),
        ("twelve months", "support", "one"),
        ("a year of support", "support", "one"),
        ("2 years", "support", "two"),
        ("twenty-four months", "support", "two"),
    ],
)
def test_digits_and_number_words_read_alike(text: str, issue: str, option: str) -> None:
    assert read(text).terms.get(issue) == option


def test_the_longest_overlapping_match_wins() -> None:
    reading = read("basic training plus the advanced course")
    assert reading.terms["training"] == "full"
    assert reading.ambiguous == []


def test_two_options_of_one_issue_are_ambiguous() -> None:
    reading = read("basic training or full training?")
    assert "training" not in reading.terms
    assert reading.ambiguous == [
        Ambiguity(
            issue="training",
            text="basic training or full training",
            candidates=["basic", "full"],
            reason="two options named",
        )
    ]


@pytest.mark.parametrize(
    ("text", "issue", "option"),
    [
        ("not six instalments but three instalments", "payment", "three"),
        ("not six instalments but three", "payment", "three"),
        ("I don't need full training, basic training is fine", "training", "basic"),
        ("basic training instead of full training", "training", "basic"),
        ("full training, not basic training", "training", "full"),
        ("no full training, just basic training", "training", "basic"),
    ],
)
def test_a_negated_option_gives_way_to_the_other(text: str, issue: str, option: str) -> None:
    reading = read(text)
    assert reading.terms.get(issue) == option
    assert reading.ambiguous == []


@pytest.mark.parametrize(
    ("text", "issue"),
    [
        ("without training", "training"),
        ("no training", "training"),
        ("drop the training", "training"),
        ("take out the training", "training"),
        ("take the training out", "training"),
        ("let's do it without onboarding", "training"),
        ("drop the support", "support"),
    ],
)
def test_leaving_an_item_out_picks_its_none_option(text: str, issue: str) -> None:
    assert read(text).terms.get(issue) == "none"


def test_negated_removal_and_lone_negation_name_nothing() -> None:
    assert "training" not in read("I don't want to drop the training").terms
    assert "training" not in read("no full training").terms
    assert "payment" not in read("we cannot pay upfront").terms


def test_a_vague_count_is_ambiguous() -> None:
    reading = read("Could we spread it over a few months?")
    assert reading.terms == {}
    assert reading.ambiguous == [
        Ambiguity(issue="payment", text="a few months", candidates=["three", "six"], reason="no number")
    ]
    assert read("a couple of years of support").ambiguous[0].candidates == ["two"]


def test_a_full_offer() -> None:
    reading = read("OK: $4,800, full training, three instalments and a year of support. Deal?")
    assert reading.terms == {"price": "p4750", "training": "full", "payment": "three", "support": "one"}
    assert list(reading.terms) == ["price", "training", "payment", "support"]  # scenario order
    assert (reading.ambiguous, reading.absurd, reading.percent_off) == ([], [], None)


# --- robustness, speed, caching ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "😀💰🤝 " * 50,
        "¿Cuánto cuesta? \uff15\uff10\uff10\uff10 ドル",
        "٣٠٠٠ درهم",
        "x" * 10_000,
        "$" * 5000,
        "5," * 3000,
        "-" * 10_000,
        "four " * 2000,
        "₹5,00,000",
        "1e10",
        "NaN",
        "$9" * 4000,
        "²³ ¼",
    ],
)
def test_odd_input_never_raises(text: str) -> None:
    reading = read(text)
    assert isinstance(reading, TermsReading)


VOCAB = [
    "$",
    "5",
    "4,750",
    "k",
    "grand",
    "five",
    "thousand",
    "and",
    "a",
    "half",
    "not",
    "no",
    "without",
    "training",
    "basic",
    "full",
    "three",
    "instalments",
    "%",
    "off",
    "or",
    "between",
    "-",
    "to",
    "from",
    "drop",
    "the",
    "few",
    "months",
    "years",
    ",",
    ".",
    "but",
    "😀",
    "USD",
    "4.8",
    "0",
    "-500",
    "1e3",
    "\u2019",
    "year",
    "support",
]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_raises(text: str) -> None:
    reading = read(text)
    _valid(reading)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=30).map(" ".join))
def test_random_offer_words_never_raise_and_name_real_options(text: str) -> None:
    _valid(read(text))


def _valid(reading: TermsReading) -> None:
    for issue, option in reading.terms.items():
        SCENARIO.issue(issue).option(option)
    for ambiguity in reading.ambiguous:
        assert ambiguity.issue not in reading.terms
        for option in ambiguity.candidates:
            SCENARIO.issue(ambiguity.issue).option(option)
    if reading.percent_off is not None:
        assert 0 < reading.percent_off < 1


def test_reading_is_fast() -> None:
    text = "I could do $4,875 with full training, three instalments and a year of support, not 2 years."
    read(text)
    started = time.perf_counter()
    for _ in range(200):
        read(text)
    assert (time.perf_counter() - started) / 200 < 0.005  # about 0.1 ms here; generous for slow CI machines


def test_the_reader_is_compiled_once_per_scenario_object() -> None:
    assert reader_for(SCENARIO) is reader_for(SCENARIO)
    doc = _doc()
    doc["issues"][0]["options"][0]["synonyms"] = ["mate's rates"]
    changed = Scenario.model_validate(doc)  # same id, different options: must not reuse the cached reader
    assert read_terms("mate's rates", changed).terms == {"price": "p4500"}
    assert read("mate's rates").terms == {}


def test_a_scenario_without_money_reads_only_its_options() -> None:
    doc = _doc()
    doc["issues"] = doc["issues"][1:]
    plain = Scenario.model_validate(doc)
    reading = read_terms("$5,000 with full training", plain)
    assert reading.terms == {"training": "full"}
    assert reading.absurd == []


def test_readings_are_frozen_and_strict() -> None:
    assert TermsReading.model_config.get("frozen")
    assert Ambiguity.model_config.get("frozen")
    with pytest.raises(ValidationError, match="extra"):
        Ambiguity.model_validate({"issue": "price", "text": "5", "candidates": [], "reason": "no unit", "why": "?"})
