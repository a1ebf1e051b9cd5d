"""A return with a manager's PIN, then closing the shift (runs after the sales).

The two earlier files sold 3061 cents for cash (receipt 000001) and 2164
cents by card (receipt 000002) in the shared window session.
"""

from conftest import cents

MANAGER_CODE = "9001"
MANAGER_PIN = "9876"


def approve(screen):
    screen.type("manager-code", MANAGER_CODE)
    screen.type("manager-pin", MANAGER_PIN)


def test_return_refunds_cash(screen, artifacts):
    screen.click("nav-returns")
    screen.type("return-receipt-input", "S01-T01-000001")
    screen.click("return-find")
    screen.type("return-qty-1", "1")
    screen.type("return-reason", "does not fit the board")
    approve(screen)
    screen.click("return-submit")

    # Line 1 is the Ryzen: net 1999 and tax 165 go back to the cash tender.
    assert cents(screen.text("return-total")) == 2164
    assert cents(screen.text("return-refund-cash")) == 2164

    screen.click("print-button")
    preview = screen.text("receipt-preview")
    assert "S01-T01-000003" in preview
    assert "Refund of" in preview
    assert "S01-T01-000001" in preview
    assert "TOTAL REFUND" in preview
    assert "21.64" in preview
    screen.driver.save_screenshot(str(artifacts / "return.png"))


def test_close_shift_balances(screen, artifacts):
    screen.click("nav-shift")
    # Float 20000 + cash sale 3061 - cash refund 2164.
    assert cents(screen.text("x-report-cash-expected")) == 20897

    screen.click("shift-tab-close")
    screen.type("close-counted-cash", "208.97")
    screen.type("close-counted-card", "21.64")
    approve(screen)
    screen.click("shift-submit")

    assert cents(screen.text("z-report-cash-over-short")) == 0
    assert cents(screen.text("z-report-card-over-short")) == 0
    assert cents(screen.text("z-report-net-sales")) == 3061
    screen.driver.save_screenshot(str(artifacts / "z-report.png"))

    screen.click("shift-closed-done")
    assert screen.find("open-shift-float").is_displayed()
