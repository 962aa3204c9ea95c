"""Every kind of quote line described in full: the CLI and logs print these sentences."""

from datetime import date
from decimal import Decimal as D

import pytest

from portal.domain.pricing import (
    Contract,
    HoursUsed,
    QuoteRequest,
    VersionMove,
    build_quote,
    describe,
)
from tests.unit.test_pricing_quote import AXISTEM, ISTOM, TERRASOFT, YEAR_2026, crm

EXTENDED_TERM = Contract("extended", "paid", *YEAR_2026)
MOVES = (VersionMove("crm", 2, new_version_price=D("30000.00")),
         VersionMove("crm", 1, rented=True, rent_month=D("500.00")))

CASES = [
    (QuoteRequest(date(2026, 4, 1), "basic", "RUB", None, (), (crm(5, "20000.00"),)), AXISTEM,
     ["5 x crm licenses at 20000.00",
      ("Support basic 2026-04-01..2027-03-31: free for 12 months after the first license; "
      "then 20000.00 a year (20% of license value 100000.00)")]),
    (QuoteRequest(date(2026, 10, 1), "extended", "RUB", None, (crm(10, "10000.00"),),
                  (crm(1, "10000.00"),), EXTENDED_TERM, moves=MOVES), AXISTEM,
     ["1 x crm license at 10000.00",
      "New version of 2 x crm: 10% of the new version price 30000.00",
      "New version of 1 x crm rented: 0 months of rent at 500.00",
      ("Rest of the term to 2026-12-31, support extended on added licenses: (annual 33000.00 "
      "[30% of license value 110000.00] - 30000.00 [30% of license value 100000.00]) x 92/365 "
      "days left"),
      "1 x crm license at 10000.00",
      "New version of 2 x crm: 10% of the new version price 30000.00",
      "New version of 1 x crm rented: 0 months of rent at 500.00",
      ("Support extended 2026-10-01..2027-09-30: 30% of license value 110000.00; a fresh year on "
      "all licenses instead of the term ending 2026-12-31")]),
    (QuoteRequest(date(2026, 5, 1), "free", "RUB", moves=(
        VersionMove("crm", 1, rented=True, rent_month=D("500.00")),)), AXISTEM,
     ["New version of 1 x crm rented: 3 months of rent at 500.00", None]),
    (QuoteRequest(date(2026, 5, 1), "basic", "RUB", moves=(
        VersionMove("crm", 1, rented=True, rent_month=D("500.00")),), contract=Contract(
            "basic", "paid", *YEAR_2026)), AXISTEM,
     ["New version of 1 x crm rented: 1 month of rent at 500.00", None]),
    (QuoteRequest(date(2027, 2, 1), "business", "EUR", "on-site", (crm(1),), (),
                  Contract("business", "paid", *YEAR_2026)), TERRASOFT,
     [("Renewal of business 2027-02-01..2028-01-31: 20% of license value 1000.00, raised to the "
      "annual minimum 500.00")]),
    (QuoteRequest(date(2026, 3, 1), "basic", "EUR", "on-demand", (crm(5),), ()), TERRASOFT,
     ["Support basic 2026-03-01..2027-02-28: included in the license"]),
    (QuoteRequest(date(2026, 5, 1), "basic", "RUB", hours=HoursUsed(
        consulting=D(4), free_hours_used=D(1), user_errors=D(2), diagnostics=D("0.5")),
        contract=Contract("basic", "paid", *YEAR_2026)), AXISTEM,
     ["2 h of consulting at 1800.00/h beyond 2 free hours left of 3 a year",
      "2 h of user-errors at 1800.00/h", "0.5 h of diagnostics at 1800.00/h", None]),
    (QuoteRequest(date(2026, 5, 1), "commercial", "RUB"), ISTOM,
     ["Support commercial 2026-05-01..2027-04-30: flat annual price"]),
    (QuoteRequest(date(2026, 7, 1), "premium", "EUR", "on-site", (crm(30),), (),
                  Contract("business", "paid", *YEAR_2026)), TERRASOFT,
     [("Rest of the term to 2026-12-31, tier business -> premium: (annual 10000.00 [25% of "
      "license value 30000.00, raised to the annual minimum 10000.00] - 6000.00 [20% of "
      "license value 30000.00]) x 184/365 days left")]),
]


@pytest.mark.parametrize(("request_", "rules", "expected"), CASES)
def test_each_line_says_what_it_is_and_how_it_was_priced(request_, rules, expected):
    described = [describe(line) for option in build_quote(request_, rules)
                 for line in option.lines]
    assert len(described) == len(expected)
    for text, want in zip(described, expected, strict=True):
        if want is not None:  # None: a line whose text another case already pins
            assert text == want
