"""Fixtures for driving the real terminal window through tauri-driver.

run.sh starts tauri-driver under Xvfb and passes, through the environment:
  E2E_DRIVER_URL  tauri-driver's address, on 127.0.0.1
  E2E_APP         the giggatek-terminal binary to launch
  E2E_PRODUCTS    JSON file listing the demo store's products and barcodes
  E2E_ARTIFACTS   folder for screenshots
"""

import json
import os
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

# Seconds to wait for one element; the debug build starts in a few seconds.
WAIT_SECONDS = 30


def required_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run this test through tests/e2e/run.sh")
    return value


@pytest.fixture(scope="session")
def products() -> dict[str, dict]:
    """Return the demo products by name, each with its barcode and price in cents."""
    listed = json.loads(Path(required_env("E2E_PRODUCTS")).read_text(encoding="utf-8"))
    return {product["name"]: product for product in listed}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(required_env("E2E_ARTIFACTS"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def driver():
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability("tauri:options", {"application": required_env("E2E_APP")})
    # ignore_proxy keeps every request on tauri-driver's 127.0.0.1 address
    # even when the environment names an HTTP proxy.
    connection = RemoteConnection(
        client_config=ClientConfig(remote_server_addr=required_env("E2E_DRIVER_URL")),
        ignore_proxy=True,
    )
    session = webdriver.Remote(command_executor=connection, options=options)
    yield session
    session.quit()


class Screen:
    """Finds elements by their data-testid, waiting until they are shown."""

    def __init__(self, driver):
        self.driver = driver
        self.wait = WebDriverWait(driver, WAIT_SECONDS)

    def find(self, test_id: str) -> WebElement:
        locator = (By.CSS_SELECTOR, f'[data-testid="{test_id}"]')
        return self.wait.until(expected_conditions.visibility_of_element_located(locator))

    def click(self, test_id: str) -> None:
        locator = (By.CSS_SELECTOR, f'[data-testid="{test_id}"]')
        self.wait.until(expected_conditions.element_to_be_clickable(locator)).click()

    def type(self, test_id: str, text: str) -> WebElement:
        element = self.find(test_id)
        element.clear()
        element.send_keys(text)
        return element

    def text(self, test_id: str) -> str:
        return self.find(test_id).text

    def active_test_id(self) -> str | None:
        return self.driver.switch_to.active_element.get_attribute("data-testid")

    def focused(self, test_id: str) -> bool:
        """Wait until the element with this test id has the keyboard focus."""
        try:
            return self.wait.until(lambda _: self.active_test_id() == test_id)
        except TimeoutException:
            return False


@pytest.fixture(scope="session")
def screen(driver) -> Screen:
    return Screen(driver)


def cents(amount_text: str) -> int:
    """Read an amount as the UI shows it ("$1,299.00", "-$0.02") as integer cents."""
    text = amount_text.strip()
    negative = text.startswith("-")
    digits = text.lstrip("-").removeprefix("$").replace(",", "")
    dollars, _, fraction = digits.partition(".")
    if not dollars.isdigit() or len(fraction) != 2 or not fraction.isdigit():
        raise ValueError(f"{amount_text!r} is not an amount as the UI formats it")
    value = int(dollars) * 100 + int(fraction)
    return -value if negative else value


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Save a screenshot of the window when a test that drives it fails."""
    report = yield
    session = item.funcargs.get("driver") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and session is not None:
        folder = Path(os.environ.get("E2E_ARTIFACTS", "artifacts/e2e"))
        folder.mkdir(parents=True, exist_ok=True)
        session.save_screenshot(str(folder / f"failure-{item.name}.png"))
    return report
