"""robots.txt read as RFC 9309 says, and the decision for one URL.

A site's robots.txt names what crawlers may fetch.  The group for our product token
(``copytrail``) applies when the file has one, else the ``*`` group; within it the longest
matching rule decides, ``Allow`` winning a tie; ``*`` matches any characters and a final
``$`` anchors the end.  ``Crawl-delay`` (not in the RFC, but widely written) is honoured as a
longer wait between requests.  What to do when the file cannot be had is decided by its
status (:func:`rules_for_status`): a 4xx means no rules, an unreachable file or a 5xx means
nothing may be fetched, as the RFC asks.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

PRODUCT_TOKEN = "copytrail"
_MAX_ROBOTS_BYTES = 500 * 1024  # the RFC's minimum a crawler must read; the rest is ignored


@dataclass(frozen=True, slots=True)
class Rule:
    allow: bool
    pattern: str


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of one host that apply to copytrail."""

    rules: tuple[Rule, ...] = ()
    crawl_delay: float | None = None
    disallow_all: bool = False  # robots.txt unreachable or a server error: fetch nothing
    why: str = ""  # for disallow_all: the reason in words

    def allows(self, path: str) -> bool:
        """Whether ``path`` (with its query) may be fetched."""
        if path == "/robots.txt":
            return True
        if self.disallow_all:
            return False
        best: Rule | None = None
        for rule in self.rules:
            if _matches(rule.pattern, path) and (
                best is None
                or len(rule.pattern) > len(best.pattern)
                or (len(rule.pattern) == len(best.pattern) and rule.allow and not best.allow)
            ):
                best = rule
        return best is None or best.allow


ALLOW_ALL = RobotsRules()


@dataclass(slots=True)
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    crawl_delay: float | None = None


def parse_robots(text: str, product: str = PRODUCT_TOKEN) -> RobotsRules:
    """The rules of a robots.txt for ``product``: its own groups merged, else the ``*`` ones."""
    groups: list[_Group] = []
    current: _Group | None = None
    in_agents = False
    for raw in text[:_MAX_ROBOTS_BYTES].splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if current is None or not in_agents:
                current = _Group()
                groups.append(current)
            current.agents.append(value.lower())
            in_agents = True
            continue
        in_agents = False
        if current is None:
            continue
        if key in ("allow", "disallow") and value:
            current.rules.append(Rule(key == "allow", value))
        elif key == "crawl-delay":
            with contextlib.suppress(ValueError):
                current.crawl_delay = max(0.0, float(value))
    product = product.lower()
    chosen = [g for g in groups if product in g.agents]
    if not chosen:
        chosen = [g for g in groups if "*" in g.agents]
    delays = [g.crawl_delay for g in chosen if g.crawl_delay is not None]
    return RobotsRules(tuple(r for g in chosen for r in g.rules), max(delays) if delays else None)


def rules_for_status(status: int | None, text: str = "", why: str = "") -> RobotsRules:
    """The rules a robots.txt answer gives: its content for a 2xx, none for a 4xx (no file),
    and nothing allowed for a 5xx or no answer at all (``status`` None; ``why`` says why)."""
    if status is not None and 200 <= status < 300:
        return parse_robots(text)
    if status is not None and 400 <= status < 500:
        return ALLOW_ALL
    reason = why or (f"robots.txt answered HTTP {status}" if status is not None else "robots.txt unreachable")
    return RobotsRules(disallow_all=True, why=reason)


def _matches(pattern: str, path: str) -> bool:
    return _compiled(pattern).match(path) is not None


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(piece) for piece in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""), re.DOTALL)
