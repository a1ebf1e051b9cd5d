"""A double click on "Charge" records one sale (runs after test_checkout.py).

pytest runs the files in name order and the window session is shared, so the
shift that test_checkout.py opened is still open here.
"""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from conftest import cents


def test_double_click_charges_once(screen, products):
    ryzen = products["AMD Ryzen 5 7600"]
    screen.click("new-sale-button")

    screen.find("scan-input").send_keys(ryzen["barcode"] + Keys.ENTER)
    assert cents(screen.text("total-total")) == 2164

    # Card for the whole amount, approved on the card terminal.
    screen.click("pay-button")
    screen.click("tender-mode-card")
    assert screen.find("tender-card-amount").get_attribute("value") == "21.64"
    screen.type("tender-card-approval", "A1B2C3")
    screen.type("tender-card-last4", "4242")
    ActionChains(screen.driver).double_click(screen.find("charge-button")).perform()

    assert screen.text("sale-receipt-number").endswith("-000002")
    assert cents(screen.text("sale-total")) == 2164
    assert cents(screen.text("sale-change")) == 0

    # The X report counts two sales: the cash sale and this one, once.
    screen.click("new-sale-button")
    screen.click("nav-shift")
    screen.click("x-report-button")
    assert screen.text("x-report-sale-count") == "2"
    assert cents(screen.text("x-report-net-sales")) == 3061 + 2164
    assert cents(screen.text("x-report-cash-expected")) == 20000 + 3061
    assert cents(screen.text("x-report-card-expected")) == 2164
