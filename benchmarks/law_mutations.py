"""Plant one bug per rule of the law engine (issue 15) and check that a test goes red; restores each file.

    .venv/bin/python benchmarks/law_mutations.py            # all
    .venv/bin/python benchmarks/law_mutations.py "0 not null" # one
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BACKUP = Path(tempfile.mkdtemp(prefix="law-mutations-"))
M = [
 ("LCL 21 in probation", "farewell/law/engine.py", 'NOT_IN_PROBATION = frozenset({"objective_change", "economic_layoff"})', 'NOT_IN_PROBATION = frozenset()', "tests/law/test_second_edition.py"),
 ("probation last day", "farewell/law/probation.py", "return separation <= end and separation < first_day", "return separation < end and separation < first_day", "tests/law/test_second_edition.py"),
 ("wages required", "farewell/law/engine.py", "        if needs:\n", "        if needs and False:\n", "tests/law/test_second_edition.py"),
 ("positive local figures", "farewell/law/inputs.py", "    if amount <= 0:", "    if amount < 0:", "tests/law/test_second_edition.py"),
 ("strict dates", "farewell/law/inputs.py", "if len(value) == 10 and _ISO_DATE.match(value):", "if True:", "tests/law/test_second_edition.py"),
 ("amount limit", "farewell/law/inputs.py", "NUMBER_LIMIT = 10**10", "NUMBER_LIMIT = 10**40", "tests/law/test_second_edition.py"),
 ("exact rounding", "farewell/law/double_wage.py", "    amount = round_ratio(sum(wages) * extra, len(wages))", "    import decimal\n    amount = round_ratio(decimal.Context(prec=28).divide(sum(wages), len(wages)) * extra, 1)", "tests/law/test_exact_rounding.py"),
 ("work injury review", "farewell/law/protections.py", "    if WORK_INJURY in statuses:", "    if statuses == {WORK_INJURY}:", "tests/law/test_second_edition.py"),
 ("probation_too_long after end", "farewell/law/probation.py", "    if end >= first_after:", "    if end >= first_after and not unlawful:", "tests/law/test_second_edition.py"),
 ("0 not null", "farewell/law/double_wage.py", "        return ZERO, text", "        return None, text", "tests/law/test_second_edition.py"),
 ("earlier years leave", "farewell/law/annual_leave.py", "this_year + leave.untaken_days_previous_years,", "this_year + 0,", "tests/law/test_second_edition.py"),
 ("quote limit", "farewell/law/inputs.py", "QUOTE_LIMIT = 100 ", "QUOTE_LIMIT = 100000 ", "tests/law/test_second_edition.py"),
 ("deep nesting", "farewell/law/cli.py", "    except RecursionError:\n        return _fail(\"the input is nested too deeply to read\", None)\n\n", "\n", "tests/law/test_robustness.py"),
 ("lone surrogate in an error", "farewell/law/cli.py", "    except UnicodeEncodeError:  # a lone surrogate", "    except KeyError:  # a lone surrogate", "tests/law/test_robustness.py"),
 ("keep at least until", "farewell/law/explain.py", '"keep_until": ("保存至少至 {date}"', '"keep_until": ("最迟 {date}"', "tests/law/test_explanations.py"),
 ("extra basis", "farewell/law/result.py", '        text, basis = "extra_policy", "basis_unilateral"', '        text, basis = "extra_policy", "basis_mutual"', "tests/law/test_explanations.py"),
 ("summary segments", "farewell/law/engine.py", "    if item.pre2008 is None:", "    if True:", "tests/law/test_explanations.py"),
 ("leap divisor named", "farewell/law/annual_leave.py", "    if is_leap(year):\n        parts.append", "    if False:\n        parts.append", "tests/law/test_explanations.py"),
 ("english titles", "farewell/law/procedure.py", '"title": TITLES_EN[self.step] if lang == EN else TITLES[self.step],', '"title": TITLES[self.step],', "tests/law/test_explanations.py"),
 ("cs assumptions", "farewell/law/civil_service.py", "        assumptions=assumptions(inp.ground.code, lang),", "", "tests/law/test_explanations.py"),
 ("practice named", "farewell/law/engine.py", "        if options.practice is not None:\n            summary +=", "        if False:\n            summary +=", "tests/law/test_practices.py"),
 ("overtime option", "farewell/law/engine.py", "        if options.average_overtime == EXCLUDED and", "        if False and", "tests/law/test_practices.py"),
 ("notice base option", "farewell/law/notice.py", "    if options.notice_pay_base == AVERAGE:\n        wages", "    if False:\n        wages", "tests/law/test_practices.py"),
 ("leave divisor option", "farewell/law/annual_leave.py", "    if options.leave_year_days == ACTUAL_YEAR_DAYS and", "    if False and", "tests/law/test_practices.py"),
 ("from_hire option", "farewell/law/compensation.py", "    if rule is not None and options.pre2008_counting == FROM_HIRE:\n", "    if False:\n", "tests/law/test_practices.py"),
 ("from_hire pre-2008 cap", "farewell/law/compensation.py", "        if first_day < earliest:", "        if first_day <= earliest:", "tests/law/test_practices.py"),
 ("from_hire 12 years from 2008", "farewell/law/compensation.py", "        if last_day > HIGH_EARNER_LAST_COUNTED_DAY:", "        if False:", "tests/law/test_practices.py"),
 ("notice floor option", "farewell/law/notice.py", "    if options.notice_pay_floor == MINIMUM_WAGE and", "    if False and", "tests/law/test_practices.py"),
 ("notice floor boundary", "farewell/law/notice.py", "minimum is not None and wage < minimum:", "minimum is not None and wage <= minimum:", "tests/law/test_practices.py"),
 ("guangdong from hire", "farewell/law/practices.py", '{"pre2008_counting": "from_hire", "damages_counting": "whole_service"}', '{"damages_counting": "whole_service"}', "tests/law/test_practices.py"),
 ("jiangsu floor", "farewell/law/practices.py", '"notice_pay_floor": "minimum_wage"}', '"notice_pay_floor": "none"}', "tests/law/test_practices.py"),
]
only = sys.argv[1:]
for name, path, old, new, test in M:
    if only and name not in only:
        continue
    f = ROOT / path
    backup = BACKUP / f.name
    shutil.copy(f, backup)
    text = f.read_text()
    assert text.count(old) == 1, (name, text.count(old))
    f.write_text(text.replace(old, new))
    try:
        done = subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "pytest", test, "-q", "-x", "-p", "no:cacheprovider"],
                              cwd=ROOT, capture_output=True, text=True, timeout=600)
        last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-200:]
        print(f"{'RED ' if done.returncode else 'GREEN!'} {name}: {last}", flush=True)
    finally:
        shutil.copy(backup, f)
