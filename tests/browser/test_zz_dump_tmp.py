import re
from tests.browser.test_tickets_journey import _log_in, people  # noqa

def test_dump(live_server, live_app, page, people):
    _log_in(page, live_server, "anna@romashka.example")
    page.goto(live_server + "/tickets/new")
    print(page.locator("fieldset").first.evaluate("e => e.outerHTML"))
    for i in range(4):
        r = page.locator(f"#priority-{i}")
        if r.count():
            print(i, repr(r.evaluate("e => e.labels[0].textContent")))
    print(page.accessibility.snapshot() if hasattr(page, "accessibility") else "")
