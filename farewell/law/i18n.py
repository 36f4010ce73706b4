"""The engine's two languages: Chinese (the default, as the contract prints) and English.

No gettext here (the engine imports no Django): each module keeps its texts as
`{key: (Chinese, English)}` and formats one with `TEXTS[lang][key](name=value, ...)` (or
`say(TEXTS, key, lang, **values)`). `lang` is ZH or EN; `norm` turns a language code as Django
writes it (`zh-hans`, `en`, `en-us`) into one of them.

Citations are written in Chinese in the source (《劳动合同法》第四十条第一项) and turned into
English by `cite(text, lang)` (Labour Contract Law Art. 40(1)), so that one string serves both.
"""

from __future__ import annotations

from _string import formatter_parser  # what string.Formatter().parse() calls (string imports re)
from collections import defaultdict
from functools import lru_cache

ZH = "zh"
EN = "en"
LANGS = (ZH, EN)


def norm(lang: str | None) -> str:
    """`en`, `en-us`, `EN` → EN; anything else (None, `zh-hans`) → ZH."""
    return EN if lang and str(lang)[:2].lower() == EN else ZH


def _fields(template: str) -> list[str]:
    names: list[str] = []
    for _, name, _, _ in formatter_parser(template):
        if name is not None and name not in names:
            names.append(name)
    return names


def _compile(template: str, other: str = ""):
    """`"{a} × {b}"` → `lambda *, a, b: f"{a} × {b}"`: an f-string over keyword-only parameters is several
    times faster than str.format(**values), and a call site that passes the values as keywords to it
    directly spares the dict a `say(**values)` builds (a batch formats a dozen texts per separation:
    issue 15 budget). The names only `other` (the text in the other language) uses are accepted and
    ignored; a name neither uses is a TypeError, as is a missing one."""
    source = []
    for literal, name, spec, conversion in formatter_parser(template):
        source.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is not None:
            source.append(f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}")
    names = _fields(template)
    params = names + [f"{name}=None" for name in _fields(other) if name not in names]
    if not params:
        return lambda: template
    return eval(f"lambda *, {', '.join(params)}: f{''.join(source)!r}", {})  # noqa: S307


def _lazy(formatters: dict, key: str, template: str, other: str):
    """A stand-in for the formatter of `key`: on its first call it compiles the formatter (`_compile`), puts
    it in its place in `formatters` and calls it (compiling all of a language's texts would cost the
    start-up of every `farewell law` run ~15 ms)."""

    def first_call(*args, **values):
        formatter = formatters[key]
        if formatter is first_call:
            formatter = formatters[key] = _compile(template, other)
        return formatter(*args, **values)

    return first_call


def _language(table: dict[str, tuple[str, str]], index: int) -> dict:
    """One language's texts: key → its formatter. A plain dict, not a subclass with `__missing__`: CPython
    looks an item of a dict subclass up through a Python-level `__getitem__` call (five times the cost,
    and a batch looks up a dozen texts per separation: issue 15)."""
    formatters: dict = {}
    for key, pair in table.items():
        formatters[key] = _lazy(formatters, key, pair[index], pair[1 - index])
    return formatters


def texts(table: dict[str, tuple[str, str]]) -> dict[str, dict]:
    """A module's texts `{key: (Chinese, English)}`, by language: `TEXTS[lang][key](name=value, ...)`
    is the text `key` in `lang` with its values (`say` does the same in one call). ZH or EN; any other
    value is Chinese (callers pass `norm(lang)`): a `defaultdict`, whose item lookup stays in C."""
    chinese = _language(table, 0)
    by_language = defaultdict(lambda: chinese)
    by_language[ZH] = chinese
    by_language[EN] = _language(table, 1)
    return by_language


def say(texts: dict[str, dict], key: str, lang: str, /, **values: object) -> str:
    """The text `key` in `lang` (ZH or EN), formatted with `values` (`texts` made by `texts()`)."""
    return texts[lang][key](**values)


# Instruments, longest first so that a longer name is replaced before a name it contains.
INSTRUMENTS_EN = (
    ("《最高人民法院关于审理劳动争议案件适用法律若干问题的解释》（法释〔2001〕14号）",
     "SPC Interpretation on Labour Disputes (Fa Shi [2001] No. 14)"),
    ("《最高人民法院关于审理劳动争议案件适用法律问题的解释（一）》", "SPC Interpretation (I) on Labour Disputes (2020)"),
    ("《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》（2024年9月13日）",
     "NPCSC Decision on Gradually Raising the Statutory Retirement Age (13 Sep 2024)"),
    ("《违反和解除劳动合同的经济补偿办法》", "Measures on Economic Compensation for Breach and Termination of Labour Contracts (1994)"),
    ("《劳动合同法实施条例》", "LCL Implementing Regulations"),
    ("《企业职工带薪年休假实施办法》", "Measures on Paid Annual Leave of Enterprise Employees"),
    ("《职工带薪年休假条例》", "Regulations on Paid Annual Leave of Employees"),
    ("《劳动争议调解仲裁法》", "Labour Dispute Mediation and Arbitration Law"),
    ("《劳动合同法》", "Labour Contract Law"),
    ("《工资支付暂行规定》", "Provisional Regulations on Wage Payment"),
    ("《最低工资规定》", "Provisions on Minimum Wages"),
    ("《工伤保险条例》", "Regulations on Work-Related Injury Insurance"),
    ("《公务员法》", "Civil Servant Law"),
    ("《民法典》", "Civil Code"),
    ("《劳动法》", "Labour Law"),
)

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = "[零一二两三四五六七八九十百]+"


def chinese_number(text: str) -> int:
    """二百零三 → 203, 四十七 → 47, 十五 → 15 (the numerals of article numbers)."""
    total = 0
    digit = 0
    for char in text:
        if char == "百":
            total += (digit or 1) * 100
            digit = 0
        elif char == "十":
            total += (digit or 1) * 10
            digit = 0
        else:
            digit = _DIGITS[char]
    return total + digit


_REPLACEMENTS = (("、", ", "), ("；", "; "), ("（", " ("), ("）", ")"), ("，", ", "), ("：", ": "))


@lru_cache(maxsize=4096)
def _cite_en(text: str) -> str:
    import re  # compiled on the first English citation: the Chinese default never needs it

    for chinese, english in INSTRUMENTS_EN:
        text = text.replace(chinese, english + " ")
    text = re.sub(f"第({_NUMERAL})条至第({_NUMERAL})条",
                  lambda m: f"Arts. {chinese_number(m.group(1))}–{chinese_number(m.group(2))}", text)
    text = re.sub(f"第({_NUMERAL})项至第({_NUMERAL})项",
                  lambda m: f"({chinese_number(m.group(1))})–({chinese_number(m.group(2))})", text)
    text = re.sub(f"第({_NUMERAL})条", lambda m: f"Art. {chinese_number(m.group(1))}", text)
    text = re.sub(f"第({_NUMERAL})款", lambda m: f" ¶{chinese_number(m.group(1))}", text)
    text = re.sub(f"第({_NUMERAL})项", lambda m: f"({chinese_number(m.group(1))})", text)
    for chinese, english in _REPLACEMENTS:
        text = text.replace(chinese, english)
    return re.sub(r" +", " ", text).replace(" ,", ",").replace(" ;", ";").replace("( ", "(").strip()


def cite(text: str, lang: str) -> str:
    """A citation in `lang`: the Chinese as written, or its English rendering."""
    return _cite_en(text) if lang == EN else text
