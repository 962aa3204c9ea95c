"""The types of a support policy: tiers, priorities, levels, lines, targets, catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from portal.domain.calendar import Calendar
from portal.domain.pricing.rule import PriceRule

TARGET_KINDS: tuple[str, ...] = ("first_response", "next_response", "resolution", "update_interval")
SELECTORS: tuple[str, ...] = ("priority", "level", "line")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a preset: where (`targets[3].tier`) and what."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class PolicyError(ValueError):
    """A preset that cannot be used; `problems` names every defect found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class Text:
    """A phrase in Russian and English."""

    ru: str
    en: str

    def get(self, language: str) -> str:
        """The phrase in `language` ("ru" or "en"); Russian otherwise."""
        return self.en if language == "en" else self.ru


@dataclass(frozen=True)
class ComparisonRow:
    """One row of the seed's tier comparison table, with this tier's value."""

    label: Text
    value: Text


@dataclass(frozen=True)
class Tier:
    """A support tier (package, level of service) an organization's contract names."""

    code: str
    name_ru: str
    name_en: str
    rows: tuple[ComparisonRow, ...]
    channels: tuple[str, ...]
    # The [tiers.X.price] table, parsed; left out of hash() as it holds mappings.
    price: PriceRule = field(hash=False)
    free_hours: int
    hourly_rate: Decimal | None
    may_file: str  # "responsible" | "any"
    max_responsible_contacts: int
    reopen_days: int
    colleagues_see_tickets: bool
    mail_opens_tickets: bool
    has_ticket_channel: bool
    description: Text | None = None
    # What the channels leave unsaid (iStom: the phone only once, at first installation).
    channel_note: Text | None = None
    # The calendar of the tier's service hours when its targets count in another one
    # (Axistem: support works 8:00-17:00, the 48 h reaction counts whole working days).
    service_hours: str | None = None

    def name(self, language: str) -> str:
        """The tier's name in `language`."""
        return self.name_en if language == "en" else self.name_ru


@dataclass(frozen=True)
class Priority:
    """A ticket priority, 1 the most urgent."""

    number: int
    name: Text
    definition: Text


@dataclass(frozen=True)
class Level:
    """An SLA level (iStom "urgent", "consulting" ...); `tiers` empty means every tier."""

    code: str
    name: Text
    definition: Text
    tiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    """A support line (L1 consultant, L2 project manager, L3 engineer ...)."""

    code: str
    name: Text
    definition: Text


@dataclass(frozen=True)
class Target:
    """One SLA target: `minutes` of `calendar` time, or None for "no guarantee"."""

    kind: str
    tiers: tuple[str, ...]
    minutes: int | None
    calendar: Calendar
    calendar_name: str
    amount: int | None  # as the preset states it, with `unit`, for display
    unit: str  # "minutes" | "hours" | "working_days" | "none"
    priority: int | None = None
    level: str | None = None
    line: str | None = None
    note: Text | None = None

    @property
    def guaranteed(self) -> bool:
        """False for a "no guarantee" target (Axistem Free: "none (about a week)")."""
        return self.minutes is not None

    def specificity(self) -> int:
        """How many selectors (priority, level, line) this target names."""
        return sum(value is not None for value in (self.priority, self.level, self.line))


@dataclass(frozen=True)
class WarrantyRule:
    """Free support for `months` after a purchase, then the contract drops to `then_tier`."""

    tier: str
    months: int
    starts: str  # "first-license" | "product-purchase"
    scope: str  # "organization" | "product-version"
    restarted_by_update: bool
    then_tier: str
    note: Text | None = None


@dataclass(frozen=True)
class Edition:
    """A product edition with its one-time list price per license."""

    code: str
    name: Text
    price: Decimal
    commercial: bool = True


@dataclass(frozen=True)
class Product:
    """A product of the vendor's catalogue."""

    code: str
    name: Text
    versions: tuple[str, ...]
    editions: tuple[Edition, ...]
    rent_month: Decimal | None = None

    def edition(self, code: str) -> Edition | None:
        """The edition with `code`, if any."""
        return next((edition for edition in self.editions if edition.code == code), None)


@dataclass(frozen=True)
class Policy:
    """A whole support policy: what the portal enforces for one vendor."""

    code: str
    vendor: Text
    currency: str
    tiers: tuple[Tier, ...]
    priorities: tuple[Priority, ...]
    levels: tuple[Level, ...]
    lines: tuple[Line, ...]
    targets: tuple[Target, ...]
    calendars: Mapping[str, Calendar] = field(hash=False)
    warranty: tuple[WarrantyRule, ...]
    products: tuple[Product, ...]
    at_risk_ratio: Decimal
    compliance_bar: Decimal
    auto_close_days: int
    assumptions: tuple[Text, ...] = ()
    levels_reclassified_by: str = "staff"
    comparison_labels: tuple[Text, ...] = field(default=())
    # Without a running contract: the tier of everyone, and of commercial license owners.
    base_tier: str | None = None
    owner_tier: str | None = None
    video_attachments: bool = False  # MP4/WebM accepted on tickets (the integrator's seed)

    @property
    def vendor_ru(self) -> str:
        return self.vendor.ru

    @property
    def vendor_en(self) -> str:
        return self.vendor.en

    def tier(self, code: str) -> Tier | None:
        """The tier with `code`, if any."""
        return next((tier for tier in self.tiers if tier.code == code), None)

    def product(self, code: str) -> Product | None:
        """The product with `code`, if any."""
        return next((product for product in self.products if product.code == code), None)

    def product_label(self, code: str, language: str) -> str:
        """A product's name in `language` from the catalogue; its code when unknown."""
        product = self.product(code)
        return product.name.get(language) if product is not None else code

    def level(self, code: str) -> Level | None:
        """The SLA level with `code`, if any."""
        return next((level for level in self.levels if level.code == code), None)

    def line(self, code: str) -> Line | None:
        """The support line with `code`, if any."""
        return next((line for line in self.lines if line.code == code), None)

    def service_calendars(self, tier: Tier) -> tuple[str, ...]:
        """Names of the calendars that say when `tier`'s support works: its service hours, or
        else the calendars its reactions count in (a resolution counted in whole working days,
        Terrasoft Premium, says nothing of when support answers), or else any of its targets'."""
        if tier.service_hours:
            return (tier.service_hours,)
        own = [t for t in self.targets if tier.code in t.tiers]
        reacting = [t for t in own if t.kind in ("first_response", "next_response")]
        return tuple(dict.fromkeys(t.calendar_name for t in reacting or own))

    def selectors_of(self, tier: str) -> set[str]:
        """The selectors (priority, level, line) some target of `tier` depends on: what a
        ticket of that tier must say to find its targets."""
        return {name for t in self.targets if tier in t.tiers for name in SELECTORS
                if getattr(t, name) is not None}

    def targets_of(self, tier: str, kind: str) -> tuple[Target, ...]:
        """Every target of `kind` that applies to `tier`, whatever its selectors."""
        return tuple(t for t in self.targets if t.kind == kind and tier in t.tiers)

    def target(
        self,
        tier: str,
        kind: str,
        priority: int | None = None,
        level: str | None = None,
        line: str | None = None,
    ) -> Target | None:
        """The most specific target of `kind` for the tier and selectors; None when none applies.

        A target's unset selector matches anything; among the matches the one naming the most
        selectors wins, and a line's target beats a priority's (escalation restarts reaction).
        """
        query = {"priority": priority, "level": level, "line": line}
        matches = [
            t for t in self.targets_of(tier, kind)
            if all(getattr(t, name) in (None, query[name]) for name in SELECTORS)
        ]
        if not matches:
            return None
        return max(matches, key=lambda t: (t.line is not None, t.specificity()))

    def needed_selectors(
        self,
        tier: str,
        kind: str,
        priority: int | None = None,
        level: str | None = None,
        line: str | None = None,
    ) -> list[str]:
        """Selectors a query lacks while no `kind` target of the tier can match without them."""
        query: dict[str, object] = {"priority": priority, "level": level, "line": line}
        if self.target(tier, kind, priority, level, line) is not None:
            return []
        candidates = [
            t for t in self.targets_of(tier, kind)
            if all(query[name] is None or getattr(t, name) in (None, query[name])
                   for name in SELECTORS)
        ]
        return [
            name for name in SELECTORS
            if candidates and query[name] is None
            and all(getattr(t, name) is not None for t in candidates)
        ]
