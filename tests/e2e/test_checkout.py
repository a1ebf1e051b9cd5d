"""A full sale in the real window: sign in, open a shift, scan, pay cash, print."""

from selenium.webdriver.common.keys import Keys

from conftest import cents

CLERK_CODE = "1001"
CLERK_PIN = "1234"


def test_cents_reads_ui_amounts():
    assert cents("$1,299.00") == 129900
    assert cents("-$0.02") == -2
    assert cents("$30.61") == 3061


def test_checkout_cash_sale(screen, products, artifacts):
    ryzen = products["AMD Ryzen 5 7600"]
    memory = products["G.Skill Ripjaws V 8 GB"]
    assert ryzen["price_cents"] == 1999
    assert memory["price_cents"] == 829

    # Sign in and open the shift.
    screen.find("sign-in")
    screen.driver.save_screenshot(str(artifacts / "sign-in.png"))
    screen.type("sign-in-code", CLERK_CODE)
    screen.type("sign-in-pin", CLERK_PIN)
    screen.click("sign-in-submit")
    screen.type("open-shift-float", "200.00")
    screen.click("open-shift-submit")

    # With no server enrolled the top bar says so, and selling works alone.
    assert screen.text("sync-state") == "Not enrolled"
    assert screen.text("sync-last") == "never synced"

    # The scan box has the focus: a scanner types the code and Enter.
    scan_box = screen.find("scan-input")
    assert screen.focused("scan-input")
    scan_box.send_keys(ryzen["barcode"] + Keys.ENTER)
    assert screen.text("line-name-0") == "AMD Ryzen 5 7600"
    scan_box.send_keys(memory["barcode"] + Keys.ENTER)
    assert screen.text("line-name-1") == "G.Skill Ripjaws V 8 GB"
    assert screen.focused("scan-input")

    # 8.25 % per line: 1999 -> 165 (164.9175), 829 -> 68 (68.3925).
    assert cents(screen.text("total-subtotal")) == 2828
    assert cents(screen.text("total-discount")) == 0
    assert cents(screen.text("total-tax")) == 233
    assert cents(screen.text("total-total")) == 3061
    screen.driver.save_screenshot(str(artifacts / "cart.png"))

    # Pay 40.00 in cash.
    screen.click("pay-button")
    assert cents(screen.text("tender-total")) == 3061
    screen.type("tender-cash", "40.00")
    screen.driver.save_screenshot(str(artifacts / "tender.png"))
    screen.click("charge-button")
    receipt_number = screen.text("sale-receipt-number")
    assert receipt_number.endswith("-000001")
    assert cents(screen.text("sale-total")) == 3061
    assert cents(screen.text("sale-change")) == 939

    # Print: the preview shows the thermal receipt's text.
    screen.click("print-button")
    preview = screen.text("receipt-preview")
    assert receipt_number in preview
    assert "AMD Ryzen 5 7600" in preview
    assert "G.Skill Ripjaws V 8 GB" in preview
    assert "30.61" in preview
    assert "9.39" in preview
    saved = screen.text("receipt-files")
    assert f"receipts/{receipt_number}.txt" in saved
    assert f"receipts/{receipt_number}.pdf" in saved

    screen.driver.save_screenshot(str(artifacts / "checkout.png"))
