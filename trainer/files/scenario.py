"""A scenario is one deal: the briefs, the negotiable issues with both sides' points, the walk-aways, the secrets."""

import math
from collections.abc import Mapping
from typing import Literal, Self

from pydantic import Field, model_validator

from trainer.files.model import FieldError, FileModel, Slug, Text

MAX_DEALS = 200_000  # every deal is enumerated for the outcome math; more would take minutes and gigabytes
MAX_POINTS = 1_000_000  # walk-aways; far above any sum of option points (each at most 1,000)
MAX_AMOUNT = 1e15

IssueKind = Literal["money", "term", "item", "choice"]


class Option(FileModel):
    """One option of an issue, with what it is worth to each side."""

    id: Slug
    label: Text = Field(description="How the option is said in a sentence, e.g. '$5,000' or 'two years of support'.")
    synonyms: list[Text] = Field(default_factory=list, description="Other ways people say this option.")
    amount: float | None = Field(
        default=None, ge=-MAX_AMOUNT, le=MAX_AMOUNT, description="The money value, for options of a money issue."
    )
    trainee_points: int = Field(ge=-1000, le=1000, description="Points this option is worth to the trainee.")
    counterpart_points: int = Field(ge=-1000, le=1000, description="Points this option is worth to the counterpart.")


class MoneyUnit(FileModel):
    """Another unit people say this money in, and how it converts to the options' unit."""

    words: list[Text] = Field(
        min_length=1, description="What follows an amount in this unit, e.g. 'a month', 'per month', 'monthly'."
    )
    factor: float = Field(
        gt=0, le=1_000_000, description="Multiply by this to get the options' unit, e.g. 12 from a month to a year."
    )


class Issue(FileModel):
    """A negotiable issue; options are ordered (for money, by amount)."""

    id: Slug
    name: Text
    kind: IssueKind = Field(description="money: options carry an amount; item: an extra that can be in or out.")
    description: Text
    synonyms: list[Text] = Field(default_factory=list, description="Words that name this issue, e.g. 'cost', 'fee'.")
    tags: list[Slug] = Field(
        default_factory=list,
        description="What the issue is, for tactics that work on any scenario: price, extra, service, payment, term.",
    )
    options: list[Option] = Field(min_length=2)
    units: list[MoneyUnit] = Field(
        default_factory=list,
        description="Money issues only: other units an amount is said in ('$4,500 a month' for a yearly fee).",
    )

    @model_validator(mode="after")
    def _check_options(self) -> Self:
        ids = [o.id for o in self.options]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise FieldError(
                f"options[{dupes[0]}]", f"duplicate option id {dupes[0]!r}: option ids must be unique within an issue"
            )
        if self.kind == "money" and any(o.amount is None for o in self.options):
            missing = next(o.id for o in self.options if o.amount is None)
            raise FieldError(f"options[{missing}].amount", "missing: every option of a money issue needs an amount")
        if self.units and self.kind != "money":
            raise FieldError("units", f"only a money issue has units, and {self.id!r} is a {self.kind} issue")
        return self

    def option(self, option_id: str) -> Option:
        for o in self.options:
            if o.id == option_id:
                return o
        raise KeyError(f"issue {self.id!r} has no option {option_id!r}")


class Side(FileModel):
    """One side's role, private brief and walk-away (its BATNA in points)."""

    role: Text
    brief: Text
    walkaway: int = Field(
        ge=-MAX_POINTS, le=MAX_POINTS, description="The points below which no deal is better for this side."
    )


class HiddenInterest(FileModel):
    """Something the counterpart cares about and only reveals to a question that reaches it."""

    id: Slug
    description: Text = Field(description="What the interest is, for the scorecard.")
    cues: list[Text] = Field(min_length=1, description="Words a question that reaches this interest contains.")
    reveal: Text = Field(description="The line in which the counterpart reveals it.")
    question: Text = Field(description="A question that would have found it, for coaching.")
    issues: list[Slug] = Field(default_factory=list, description="The issues this interest bears on.")
    favours: dict[Slug, Slug] = Field(
        default_factory=dict,
        description="Issue id -> the option this interest makes the counterpart want; once revealed, the counterpart "
        "never argues against it, and the linter checks its points agree.",
    )


class Scenario(FileModel):
    """One deal, read from scenarios/ID.yaml; the id is the file name."""

    id: Slug = Field(description="Set from the file name; may be omitted in the file.")
    title: Text
    summary: Text
    currency: Text = "$"
    public_brief: Text = Field(description="What both sides know.")
    trainee: Side
    counterpart: Side
    issues: list[Issue] = Field(min_length=1)
    hidden_interests: list[HiddenInterest] = Field(default_factory=list)
    personas: list[Slug] = Field(default_factory=list, description="Personas that suit this scenario.")

    @model_validator(mode="after")
    def _check_ids(self) -> Self:
        for what, ids in (
            ("issues", [i.id for i in self.issues]),
            ("hidden_interests", [h.id for h in self.hidden_interests]),
        ):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise FieldError(f"{what}[{dupes[0]}].id", f"duplicate id {dupes[0]!r}: ids must be unique")
        known = {i.id for i in self.issues}
        for h in self.hidden_interests:
            unknown = [i for i in h.issues if i not in known]
            if unknown:
                raise FieldError(
                    f"hidden_interests[{h.id}].issues", f"unknown issue {unknown[0]!r}; known issues: {sorted(known)}"
                )
            for issue_id, option_id in h.favours.items():
                if issue_id not in known:
                    raise FieldError(f"hidden_interests[{h.id}].favours", f"unknown issue {issue_id!r}")
                options = [o.id for o in self.issue(issue_id).options]
                if option_id not in options:
                    raise FieldError(
                        f"hidden_interests[{h.id}].favours.{issue_id}",
                        f"{option_id!r} is not an option of {issue_id!r}; its options: {options}",
                    )
        deals = math.prod(len(i.options) for i in self.issues)
        if deals > MAX_DEALS:
            raise FieldError(
                "issues", f"{deals:,} possible deals (options multiplied across issues); the limit is {MAX_DEALS:,}"
            )
        return self

    def issue(self, issue_id: str) -> Issue:
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(f"scenario {self.id!r} has no issue {issue_id!r}")

    def interest(self, interest_id: str) -> HiddenInterest:
        for h in self.hidden_interests:
            if h.id == interest_id:
                return h
        raise KeyError(f"scenario {self.id!r} has no hidden interest {interest_id!r}")

    def terms_problem(self, terms: Mapping[str, str]) -> str | None:
        """Why these terms cannot be read in this scenario (an unknown issue or option), or None."""
        for issue_id, option_id in terms.items():
            issue = next((i for i in self.issues if i.id == issue_id), None)
            if issue is None:
                return f"no issue {issue_id!r} in scenario {self.id!r}"
            if all(o.id != option_id for o in issue.options):
                return f"issue {issue_id!r} of scenario {self.id!r} has no option {option_id!r}"
        return None

    def issues_tagged(self, tag: str) -> list[Issue]:
        return [i for i in self.issues if tag in i.tags]
