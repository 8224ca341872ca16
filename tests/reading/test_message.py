"""The reader on messages typed the way salespeople type them: offers, refusals, facts, questions, relative offers."""

import pytest

from trainer.files.library import load_library
from trainer.reading.acts import ContextTurn
from trainer.reading.message import Reading, Table, read_message

LIBRARY = load_library()


def read(scenario: str, text: str, *context: str, table: Table | None = None) -> Reading:
    turns = [ContextTurn(speaker="self" if c.startswith("me:") else "other", text=c.split(":", 1)[1]) for c in context]
    return read_message(text, LIBRARY.scenario(scenario), turns, table)


# --- refusals: a refused figure is never proposed -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scenario", "text", "refused"),
    [
        ("saas-renewal", "Fifty-one grand doesn't work for me, sorry.", {"price": "p51000"}),
        ("saas-renewal", "51k just isn't doable on our side.", {"price": "p51000"}),
        ("supplier-contract", "I'm not able to offer twice-weekly deliveries.", {"delivery": "twice-weekly"}),
        ("pos-boutique", "There's no way I can throw in a second terminal.", {"terminal": "second"}),
        ("supplier-contract", "Tastings in every store would be too much for our team.", {"tastings": "every-store"}),
        ("pos-boutique", "$4,500 is below what I can get signed off.", {"price": "p4500"}),
        ("supplier-contract", "Forty a case? Not possible, I'm afraid.", {"price": "p40"}),
    ],
)
def test_a_refused_term_is_recorded_as_refused_and_never_proposed(
    scenario: str, text: str, refused: dict[str, str]
) -> None:
    r = read(scenario, text)
    assert r.refuses == refused
    assert r.proposes == {}
    assert "reject" in r.acts
    assert "offer" not in r.acts


def test_negation_reaches_only_its_own_clause() -> None:
    r = read("pos-boutique", "I can't do 4,500, but I could manage 4,750 if you pay it all upfront.")
    assert r.refuses == {"price": "p4500"}
    assert r.proposes == {"price": "p4750", "payment": "upfront"}
    assert {"reject", "offer"} <= set(r.acts)


def test_that_low_refuses_the_figure_they_just_named() -> None:
    r = read("saas-renewal", "Honestly I can't go that low.", "them:We'd sign at $48,000 today.")
    assert r.refuses == {"price": "p48000"}
    assert r.proposes == {}


# --- numbers that are not offers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scenario", "text"),
    [
        ("saas-renewal", "Your team paid $57,000 for the same plan last year."),
        ("supplier-contract", "Each case costs us roughly $35 to make and deliver."),
        ("saas-renewal", "Just so you know, the Premium tier normally lists at $9,000 on top."),
        ("pos-boutique", "The card terminal by itself is about $300 of hardware for us."),
        ("saas-renewal", "My finance team won't approve anything under 48 without a longer term."),
    ],
)
def test_facts_costs_and_history_propose_nothing(scenario: str, text: str) -> None:
    r = read(scenario, text)
    assert r.proposes == {}
    assert "offer" not in r.acts


@pytest.mark.parametrize(
    ("scenario", "text", "context"),
    [
        ("pos-boutique", "Where did the $4,500 come from?", "them:4,500 is what I'd pay."),
        ("supplier-contract", "How did you work out forty a case?", "them:We pay $40 a case elsewhere."),
        ("saas-renewal", "What's the 48 based on?", "them:We need 48."),
        ("saas-renewal", "Is that competitor quote for the same number of users?", "them:Someone quoted us 45k."),
    ],
)
def test_asking_about_their_figure_is_a_challenge_not_an_offer(scenario: str, text: str, context: str) -> None:
    r = read(scenario, text, context)
    assert r.proposes == {}
    assert "challenge" in r.acts
    assert "question" in r.acts


def test_saying_their_figure_back_is_a_reflection_not_an_offer() -> None:
    r = read(
        "pos-boutique", "So for you, $4,500 is really the most the shop can carry this year.", "them:I can do 4,500."
    )
    assert r.proposes == {}
    assert "offer" not in r.acts


# --- money in other units, shorthand, and the nearest option --------------------------------------------------------


def test_a_monthly_figure_is_converted_to_the_yearly_fee_with_a_note() -> None:
    r = read("saas-renewal", "Could you live with $4,750 a month?")
    assert r.proposes == {"price": "p57000"}
    assert r.notes == ["heard $4,750 a month as $57,000 a year"]


def test_a_price_per_jar_becomes_a_price_per_case() -> None:
    r = read("supplier-contract", "We can go to $3.70 a jar.")
    assert r.proposes == {"price": "p44"}  # 12 jars: $44.40
    assert r.notes


def test_instalments_add_up_to_the_price() -> None:
    r = read("pos-boutique", "Two payments of $2,500 and you're set.")
    assert r.proposes["price"] == "p5000"
    assert r.proposes["payment"] == "two"


def test_a_figure_put_first_in_a_question_is_an_offer_not_a_challenge() -> None:
    r = read(
        "supplier-contract",
        "no, I can't do 40, that's below our cost. 44 with the same package though?",
        "other:We'd rather not carry the display stands. Take it out and we'll settle at $42 a case.",
    )
    assert r.proposes["price"] == "p44"
    assert r.refuses == {"price": "p40"}
    assert "challenge" not in r.acts
    assert "challenge" in read("supplier-contract", "Is 44 for the same package?").acts


@pytest.mark.parametrize(
    ("text", "display"),
    [
        ("44, and the stands stay out", "none"),
        ("44 with the display stands left out", "none"),
        ("$44, but keep the stands out of it.", "none"),
        ("44 with the stands", "stands"),
        ("The stands stay in, 44.", "stands"),
    ],
)
def test_an_item_said_to_stay_out_is_left_out(text: str, display: str) -> None:
    assert read("supplier-contract", text).proposes == {"price": "p44", "display": display}


@pytest.mark.parametrize(
    "text",
    [
        "ok so finance wants 10% off and you need something you can defend to the CFO. makes sense",
        "Your CFO needs 10% off, got it.",
        "They want 48k.",
        "I hear you on benchmarks, but those quotes aren't like for like; they don't include the premium tier.",
        "Their quotes don't cover onboarding.",
    ],
)
def test_what_others_want_or_include_is_neither_proposed_nor_refused(text: str) -> None:
    """Found playing a call: a say-back of finance's 10% was heard as an offer of $54,000."""
    r = read("saas-renewal", text)
    assert r.proposes == {}
    assert r.refuses == {}


def test_their_figure_judged_is_still_refused() -> None:
    r = read("saas-renewal", "Your 48k doesn't work for us.", "other:Based on the market, 48k a year.")
    assert r.refuses == {"price": "p48000"}


@pytest.mark.parametrize("text", ["ok deal", "okay deal then", "yep deal"])
def test_a_yes_word_then_deal_accepts_their_offer(text: str) -> None:
    """Found playing a call: "ok deal" was heard as nothing and answered "Throw me some terms"."""
    r = read("pos-boutique", text, "other:I'm still where I was: $4,750 with a two-year support plan.")
    assert r.accepts
    assert r.proposes == {"price": "p4750", "support": "two-years"}


def test_a_price_said_to_be_under_what_we_can_do_is_refused() -> None:
    """Found playing a call: "40 a case is way under what we can do, our costs alone are about 36 a case" was heard
    as an offer of $40."""
    r = read("supplier-contract", "40 a case is way under what we can do, our costs alone are about 36 a case.")
    assert r.proposes == {}
    assert r.refuses == {"price": "p40"}


def test_a_case_study_names_the_published_one_and_the_24_7_line_is_priority_support() -> None:
    """Found playing a call: "with premium and a case study" lost the case study, and "if the 24/7 line comes out"
    lost the support change."""
    r = read("saas-renewal", "What if we locked $54k a year for three years with premium and a case study?")
    assert r.proposes["casestudy"] == "published"
    assert read("saas-renewal", "If the 24/7 line comes out, call it 55k.").proposes["support"] == "none"
    assert read("saas-renewal", "Talk me through the case study from your side.").proposes == {}
    said_back = read("saas-renewal", "So with the night shift gone, the round-the-clock line barely gets used.")
    assert said_back.proposes == {}


def test_money_off_while_it_asks_for_money_off_is_that_price() -> None:
    """Found in self-play: "ok, $250 off the price, fine. Deal." answering "we'd need another $250 off" was heard as
    $250 off the list price, $5,250, above the agreed $5,000."""
    agreed = {"price": "p5000", "support": "two-years", "training": "all-staff", "payment": "six"}
    table = Table(mine=agreed, theirs=agreed, agreed=agreed, asked={"price": "p4750"})
    granted = read("pos-boutique", "ok, $250 off the price, fine. Deal.", table=table)
    assert granted.proposes["price"] == "p4750"
    assert read("pos-boutique", "No, I can't do $250 off.", table=table).refuses == {"price": "p4750"}
    assert read("pos-boutique", "ok, $250 off the price, fine.").proposes == {"price": "p5250"}  # no nibble: the list


def test_how_d_you_get_to_that_number_challenges_it() -> None:
    """Found playing a call: "how'd you get to that number?" was not heard as a question about its basis."""
    r = read("pos-boutique", "4.5k is below what the kit costs us honestly. how'd you get to that number?")
    assert "challenge" in r.acts
    assert r.refuses == {"price": "p4500"}


@pytest.mark.parametrize("text", ["54k it is then, same package, deal?", "54k then, same package, deal?"])
def test_a_figure_then_the_same_package_offers_it(text: str) -> None:
    """Found playing a call: "54k it is then, same package, deal?" was heard as a like-for-like challenge."""
    r = read("saas-renewal", text)
    assert r.proposes["price"] == "p54000"
    assert "challenge" not in r.acts
    assert "challenge" in read("saas-renewal", "Is 54k for the same package?").acts


def test_the_year_of_support_is_the_one_year_plan() -> None:
    r = read("pos-boutique", "5250 with the year of support, paid in 3 chunks?")
    assert r.proposes == {"price": "p5250", "support": "one-year", "payment": "three"}


@pytest.mark.parametrize("text", ["Five grand, paid in 3 chunks.", "I can do 5k in three tranches."])
def test_chunks_and_tranches_are_instalments(text: str) -> None:
    r = read("pos-boutique", text)
    assert r.proposes == {"price": "p5000", "payment": "three"}


def test_shorthand_is_read_in_the_deals_scale() -> None:
    r = read("saas-renewal", "I could live with 51 if you sign a three-year deal.")
    assert r.proposes == {"price": "p51000", "contract": "three-years"}
    assert r.notes == ["heard 51 as $51,000 a year"]


def test_an_amount_between_options_is_heard_as_the_nearest_and_said_so() -> None:
    r = read("pos-boutique", "Let's do $5,100.")
    assert r.proposes == {"price": "p5000"}
    assert r.notes == ["heard $5,100 as $5,000"]


# --- offers that lean on the conversation ---------------------------------------------------------------------------


def test_split_the_difference_takes_the_midpoint_of_both_last_prices() -> None:
    r = read("supplier-contract", "Tell you what, shall we meet in the middle?", "me:We're at $48.", "them:I need $44.")
    assert r.proposes == {"price": "p46"}
    assert r.inferred
    assert "offer" in r.acts


def test_another_step_down_is_taken_from_the_trainees_last_price() -> None:
    r = read("supplier-contract", "OK, I can come down another $2.", "me:$46 a case, weekly deliveries.")
    assert r.proposes == {"price": "p44"}
    assert r.inferred


def test_same_as_before_keeps_the_last_package_and_applies_the_change() -> None:
    r = read(
        "supplier-contract",
        "Same as before, but with weekly deliveries instead.",
        "me:$46 a case, one-year contract, deliveries every two weeks.",
    )
    assert r.proposes == {"price": "p46", "contract": "one-year", "delivery": "weekly"}
    assert r.inferred


def test_a_plain_yes_takes_the_offer_on_the_table() -> None:
    table = Table(mine={}, theirs={"price": "p54000", "contract": "three-years"})
    r = read("saas-renewal", "Yes, let's do it.", table=table)
    assert r.accepts
    assert r.firm
    assert r.proposes == {"price": "p54000", "contract": "three-years"}
    assert "accept" in r.acts


# --- either/or, conditions, items out, questions --------------------------------------------------------------------


def test_either_or_offers_two_packages_and_proposes_neither_alone() -> None:
    r = read("supplier-contract", "$46 a case on a one-year deal, or $44 if you sign for two.")
    assert r.proposes == {}
    assert r.alternatives == [{"price": "p46", "contract": "one-year"}, {"price": "p44", "contract": "two-years"}]
    assert "offer" in r.acts


def test_a_conditional_trade_proposes_both_sides() -> None:
    r = read("saas-renewal", "If you can commit to two years, I'll drop to 54k.")
    assert r.proposes == {"price": "p54000", "contract": "two-years"}


def test_taking_an_item_out_proposes_leaving_it_out() -> None:
    r = read("pos-boutique", "Take the second terminal out and I can do $5,000.")
    assert r.proposes == {"price": "p5000", "terminal": "none"}


def test_an_offer_put_as_a_question_is_an_offer() -> None:
    r = read("pos-boutique", "Would you go for $5,250 with on-site training for all staff included?")
    assert r.proposes == {"price": "p5250", "training": "all-staff"}
    assert {"offer", "question"} <= set(r.acts)


# --- acts that must never close a deal ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Okay, I hear you.", "Sure, I get where you're coming from.", "Fair enough."])
def test_an_acknowledgement_is_not_a_yes(text: str) -> None:
    r = read("saas-renewal", text, "them:$48,000, one year, take it or leave it.")
    assert not r.accepts
    assert r.proposes == {}
    assert "accept" not in r.acts


def test_a_bare_ok_is_a_yes_that_needs_confirming() -> None:
    r = read("saas-renewal", "ok", table=Table(theirs={"price": "p57000"}))
    assert r.accepts
    assert not r.firm


@pytest.mark.parametrize(
    "text",
    [
        "I think we're going to have to walk away from this one.",
        "Then we'll pass, thanks for your time.",
        "Let's leave it there, no deal.",
    ],
)
def test_a_walk_away_is_read_and_never_accepts(text: str) -> None:
    r = read("supplier-contract", text, "them:$40, no minimum, that's final.")
    assert "walk_away" in r.acts
    assert not r.accepts
    assert r.proposes == {}


def test_an_insult_is_recognised() -> None:
    assert "insult" in read("pos-boutique", "lol are you serious? you're out of your mind").acts
    assert "insult" not in read("pos-boutique", "Busy morning in the shop, it was mad lol").acts
