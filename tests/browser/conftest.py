"""Playwright drives Debian's chromium; no browser is ever downloaded."""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told that this is fine (it is: the test thread is not a real async context).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--lang=zh-CN",  # the browser's own widgets (date pickers) in Chinese
        ],
    }


@pytest.fixture
def screenshot_dir():
    path = os.path.join(os.path.dirname(__file__), "..", "..", "test-results", "screenshots")
    path = os.path.abspath(path)
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The browser asks for Chinese, as our users' browsers do (pages speak Chinese whatever it asks).
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture(autouse=True)
def _restore_seeded_rows(django_db_serialized_rollback):
    """Reload what migrations seeded after each browser test's flush (serialized rollback)."""
