"""Whole numbers from query strings and form values (common/numbers.py): str.isdigit() accepts "²" and
any length, and int() or the query then failed with a server error (review of session 10)."""

from __future__ import annotations

import pytest

from farewell.common.numbers import INTEGER_MAX, whole_number


@pytest.mark.parametrize("value, expected", [
    ("0", 0), ("7", 7), ("0012", 12), (str(INTEGER_MAX), INTEGER_MAX),
    (str(INTEGER_MAX + 1), None), ("99999999999999999999999", None), ("²", None), ("٣", None), ("１２", None),
    ("", None), ("-1", None), ("1.0", None), (" 1", None), (None, None), (3, None),
])
def test_a_whole_number_is_ascii_digits_within_the_databases_integers(value, expected):
    assert whole_number(value) == expected


def test_a_bound_of_its_own():
    assert whole_number("9999", most=9999) == 9999 and whole_number("10000", most=9999) is None


@pytest.mark.parametrize("url, params, status", [
    ("/insights/flags/", {"unit": "²"}, 200),
    ("/insights/flags/", {"unit": "99999999999999999999"}, 200),
    ("/settings/holidays/", {"year": "²"}, 200),
    ("/settings/holidays/", {"year": "99999"}, 200),
    ("/api/settings/holidays/", {"year": "²"}, 400),
    ("/api/settings/holidays/", {"year": "99999"}, 400),
    ("/api/workflows/", {"company": "²"}, 404),
    ("/api/workflows/", {"company": "99999999999999999999"}, 404),
])
def test_odd_numbers_in_a_query_string_are_not_server_errors(client, world, url, params, status):
    client.force_login(world.users["hr_admin"])
    assert client.get(url, params).status_code == status
