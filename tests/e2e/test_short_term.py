"""Receiving a unit and a short-term rental in the window: the unit goes into
stock, is rented out to the CJK-named customer until today and comes back
on time, so the late fee is 0.00 beside its 35.00 rate.

It runs after the shift-close test, so it opens a new shift first and takes
no money: the earlier tests' receipts and drawer stay as they left them.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from selenium.webdriver.common.keys import Keys

from conftest import cents

MANAGER_CODE = "9001"
MANAGER_PIN = "9876"
# The demo store's time zone, in which due dates are business dates.
STORE_ZONE = ZoneInfo("America/New_York")


def test_short_term_rental_on_time(screen, artifacts):
    screen.type("open-shift-float", "200.00")
    screen.click("open-shift-submit")

    screen.click("nav-rentals")
    screen.click("rentals-units")
    screen.type("unit-serial_number", "cc-demo-1")
    screen.type("unit-description", "Carpet cleaner")
    screen.type("unit-cost", "250.00")
    screen.type("manager-code", MANAGER_CODE)
    screen.type("manager-pin", MANAGER_PIN)
    screen.click("unit-submit")
    assert screen.text("received-CC-DEMO-1") == "CC-DEMO-1 Carpet cleaner (new, $250.00): in_stock"

    screen.click("rentals-customers")
    screen.type("customer-search", "Hanako" + Keys.ENTER)
    screen.click("customer-1")

    screen.click("rentals-short")
    today = datetime.now(STORE_ZONE).date().isoformat()
    screen.type("short-serial", "CC-DEMO-1")
    screen.type("short-due", today)
    screen.type("short-rate", "35.00")
    screen.click("short-out-submit")
    assert screen.text("short-summary").startswith("S01-T01-S000001: CC-DEMO-1 Carpet cleaner")
    assert screen.text("short-fee-rate") == "$35.00 per day"
    assert cents(screen.text("short-fee-total")) == 0

    screen.click("short-return-submit")
    receipt = screen.text("short-receipt")
    assert "Rental return" in receipt
    assert "Hanako Yamada" in receipt
    assert any(line.split() == ["TOTAL", "0.00"] for line in receipt.splitlines()), receipt
    screen.driver.save_screenshot(str(artifacts / "short-term-return.png"))
