"""A rent-to-own contract written in the window: a customer with a CJK name,
shown in a real CJK font, the wizard's live schedule preview, and the
contract desk.

It takes no payment, so the receipt numbers and the drawer that the return
and shift-close test expects stay as the sales left them.
"""

from conftest import cents

MANAGER_CODE = "9001"
MANAGER_PIN = "9876"

# Draws two different CJK characters in the element's font on a canvas and
# compares the pixels. Without a CJK font both come out as the same missing-
# glyph box, so equal pixels mean the name shows as boxes.
CJK_GLYPHS_DIFFER = """
const font = getComputedStyle(arguments[0]).font;
function pixels(text) {
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 64;
    const context = canvas.getContext("2d");
    context.font = font;
    context.fillText(text, 4, 48);
    return Array.from(context.getImageData(0, 0, 64, 64).data).join(",");
}
return pixels("\u5c71") !== pixels("\u7530");
"""


def test_contract_from_wizard(screen, artifacts):
    screen.click("nav-rentals")
    screen.type("customer-name", "山田 花子 (Hanako Yamada)")
    screen.type("customer-address", "1 Main St")
    screen.type("customer-phone", "212-555-0101")
    screen.type("customer-id-document", "Passport TK1234567")
    screen.click("customer-save")
    # The saved customer is selected for the wizard once the form names it.
    screen.wait.until(lambda _: screen.text("customer-form-title") == "Customer 1")

    screen.click("rentals-wizard")
    screen.type("wizard-serial_number", "SN-DEMO-SOFA-1")
    screen.type("wizard-payment_count", "3")
    screen.type("wizard-cash_price", "800.00")
    screen.type("wizard-total", "1000.00")
    assert cents("$" + screen.text("installment-1").split("$")[-1]) == 33334
    assert cents("$" + screen.text("installment-2").split("$")[-1]) == 33333
    assert cents("$" + screen.text("installment-3").split("$")[-1]) == 33333
    assert cents(screen.text("disclosure-lease-cost")) == 20000
    screen.driver.save_screenshot(str(artifacts / "contract-wizard.png"))

    screen.type("manager-code", MANAGER_CODE)
    screen.type("manager-pin", MANAGER_PIN)
    screen.click("wizard-create")

    summary = screen.text("contract-summary")
    assert "S01-T01-R000001" in summary
    assert "山田 花子 (Hanako Yamada)" in summary
    summary_element = screen.find("contract-summary")
    assert screen.driver.execute_script(CJK_GLYPHS_DIFFER, summary_element), "CJK names render as boxes"
    assert "Sofá Ñandú 3-plazas" in summary
    assert cents(screen.text("ledger-remaining")) == 100000
    screen.driver.save_screenshot(str(artifacts / "contract-desk.png"))
    screen.click("nav-checkout")
