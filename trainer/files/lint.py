"""Checks that go beyond the file format: a scenario that can be negotiated, a persona that can speak every move."""

from collections.abc import Iterable
from pathlib import Path

from trainer.files.library import Library, LoadError, load_any, load_library, yaml_files
from trainer.files.outcomes import DealSpace
from trainer.files.persona import MOVE_KINDS, PLACEHOLDERS, Persona
from trainer.files.scenario import Scenario

MIN_TRADING_GAIN = 0.15
MIN_VARIANTS = 2


def lint_scenario(scenario: Scenario, path: str) -> list[LoadError]:
    problems = []
    try:
        space = DealSpace(scenario)
    except ValueError as e:
        return [LoadError(path, "issues", str(e))]
    if not space.zopa:
        problems.append(
            LoadError(path, "counterpart.walkaway", "no deal is worth the walk-away to both sides; lower a walk-away")
        )
    gain = space.trading_gain()
    if gain < MIN_TRADING_GAIN:
        problems.append(
            LoadError(
                path,
                "issues",
                f"the best joint deal beats splitting every issue by {gain:.0%}; at least {MIN_TRADING_GAIN:.0%} "
                "is needed: make the issues matter differently to the two sides",
            )
        )
    prices = scenario.issues_tagged("price")
    if len(prices) != 1 or prices[0].kind != "money":
        problems.append(LoadError(path, "issues", "exactly one issue of kind 'money' must be tagged 'price'"))
    if not scenario.issues_tagged("extra"):
        problems.append(LoadError(path, "issues", "no issue is tagged 'extra'; nibbling and dismantling need one"))
    for h in scenario.hidden_interests:
        if not any(c.strip() for c in h.cues):
            problems.append(LoadError(path, f"hidden_interests[{h.id}].cues", "no cue words; add what reveals it"))
        problems += _favours_agree(scenario, h.id, path)
    return problems


def _favours_agree(scenario: Scenario, interest_id: str, path: str) -> list[LoadError]:
    """An interest that favours an option must be backed by the counterpart's points: that option is its best."""
    problems = []
    for issue_id, option_id in scenario.interest(interest_id).favours.items():
        issue = scenario.issue(issue_id)
        best = max(o.counterpart_points for o in issue.options)
        if issue.option(option_id).counterpart_points < best:
            top = next(o.id for o in issue.options if o.counterpart_points == best)
            problems.append(
                LoadError(
                    path,
                    f"hidden_interests[{interest_id}].favours.{issue_id}",
                    f"the interest favours {option_id!r} but the counterpart's points prefer {top!r}; make the "
                    "points agree with what it will reveal, or favour another option",
                )
            )
    return problems


def lint_persona(persona: Persona, path: str) -> list[LoadError]:
    problems = []
    for kind in MOVE_KINDS:
        variants = persona.lines.get(kind, [])
        if len(variants) < MIN_VARIANTS:
            falls = f" (until then the bundled {persona.tactic} lines are spoken)" if not variants else ""
            problems.append(
                LoadError(
                    path, f"lines.{kind}", f"has {len(variants)} lines; write at least {MIN_VARIANTS} variants{falls}"
                )
            )
    return problems


def lint_rendering(persona: Persona, scenarios: Iterable[Scenario], path: str) -> list[LoadError]:
    """Every phrasebook line filled in as the voice fills it, in every scenario the persona may be played in: a
    line that fails here would fail mid-call. The first failing scenario is named per line."""
    problems = []
    for scenario in scenarios:
        values = sample_slots(scenario, persona)
        for kind, variants in persona.lines.items():
            for n, line in enumerate(variants):
                try:
                    line.format_map(values)
                except (ValueError, KeyError, IndexError, AttributeError, TypeError) as e:
                    message = f"line {n + 1} cannot be said in scenario {scenario.id!r}: {type(e).__name__}: {e}"
                    problems.append(LoadError(path, f"lines.{kind}", message))
    return list({(p.field, p.message.split(" cannot")[0]): p for p in problems}.values())


def sample_slots(scenario: Scenario, persona: Persona) -> dict[str, str]:
    """Plain-text values for every placeholder, as the offline voice passes them (all strings)."""
    first = scenario.issues[0]
    return dict.fromkeys(PLACEHOLDERS, "") | {
        "terms": ", ".join(i.options[0].label for i in scenario.issues),
        "price": next((i.options[0].label for i in scenario.issues_tagged("price")), "the price"),
        "issue": first.name.lower(),
        "option": first.options[0].label,
        "reveal": scenario.hidden_interests[0].reveal if scenario.hidden_interests else "",
        "extra": first.options[-1].label,
        "item": f"the {first.name.lower()}",
        "amount": "that",
        "role": scenario.counterpart.role,
        "name": persona.name,
    }


def check_paths(paths: list[Path], library: Library | None = None) -> tuple[int, list[LoadError]]:
    """Loads and lints every YAML file under the paths (personas rendered against the library's scenarios and the
    scenarios among the paths); returns how many files were checked and every problem."""
    files = [f for p in paths for f in (yaml_files(p) if p.is_dir() else [p])]
    problems: list[LoadError] = []
    loaded: list[tuple[Path, Scenario | Persona]] = []
    for f in files:
        try:
            loaded.append((f, load_any(f)))
        except LoadError as e:
            problems.append(e)
    scenarios = dict((library or load_library()).scenarios)
    scenarios |= {item.id: item for _, item in loaded if isinstance(item, Scenario)}
    for f, item in loaded:
        if isinstance(item, Scenario):
            problems += lint_scenario(item, str(f))
        else:
            problems += lint_persona(item, str(f)) + lint_rendering(item, scenarios.values(), str(f))
    return len(files), problems


def check_library(library: Library) -> list[LoadError]:
    """Every load problem of the library, then the lint findings of what loaded."""
    problems = list(library.problems)
    for s in library.scenarios.values():
        problems += lint_scenario(s, str(library.sources[f"scenarios/{s.id}"]))
    for p in library.personas.values():
        path = str(library.sources[f"personas/{p.id}"])
        problems += lint_persona(p, path) + lint_rendering(p, library.scenarios.values(), path)
    return problems
