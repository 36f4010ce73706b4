"""jsonin.scan: json.loads's value for the usual document, None (json.loads decides) for anything else."""

from __future__ import annotations

import json
import random
from decimal import Decimal

import pytest

from farewell.law.jsonin import scan, scanner

DECIMALS = scanner(Decimal)
FLOATS = scanner(float)


@pytest.mark.parametrize("document", [
    b'[]', b'{}', b'[{"a": 1.50, "b": [1, 2.0, "x"]}, {"c": null, "d": true}]  \n',
    '[{"名": "值", "n": 1e-7, "big": 123456789012345678901234567890.5}]'.encode(),
    b'{"s": "\\ud800 \\n \\u00e9"}', '["\u00e9", "\\"quoted\\""]'.encode(),
])
def test_the_usual_document_reads_as_json_loads_reads_it(document):
    expected = json.loads(document, parse_float=Decimal)
    assert scan(document, DECIMALS) == expected
    assert repr(scan(document, DECIMALS)) == repr(expected)  # Decimals with their exponents
    assert scan(document.decode("utf-8", "surrogatepass"), FLOATS) == json.loads(document.decode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("document", [
    b'', b' []', b'\xef\xbb\xbf[]', '[1]'.encode("utf-16"), '[1]'.encode("utf-32-le"), b'[1] x', b'[1], [2]',
    b'{not json', b'[1, 2', b'[NaN]', b'[Infinity]', b'["\x01"]', b'[1]\x00', b'null', b'1', b'"[x"',
    b'[' * 100_000 + b']' * 100_000, b'[' + b'9' * 5000 + b']', b'[\xff]',
])
def test_anything_else_is_left_to_json_loads(document):
    assert scan(document, DECIMALS) is None


def test_random_documents_agree_with_json_loads():
    rng = random.Random(15)
    alphabet = ['[', ']', '{', '}', ',', ':', ' ', '"a"', '"é"', '1', '-0.5', '1e3', 'true', 'null', '\n', 'x']
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        try:
            expected = json.loads(text.encode(), parse_float=Decimal)
        except (ValueError, RecursionError):
            expected = None
        found = scan(text.encode(), DECIMALS)
        if found is not None:  # where scan answers, it is json.loads's answer
            assert found == expected and type(found) is type(expected), text
        elif text[:1] in "[{" and expected is not None:
            pytest.fail(f"a usual document left to json.loads: {text!r}")
