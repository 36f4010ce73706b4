"""The demo company, planned in plain Python from one seeded `random.Random`.

Planning draws every random value in a fixed order, so a seed and a size always give the same
company; files.py writes the plan as the CSV files a customer imports, and services.py imports them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from dataclasses import dataclass, field
from itertools import accumulate

from dateutil.relativedelta import relativedelta

from farewell.common import identifiers

from . import company as catalogue
from . import names
from .company import EXEC, FUNCTIONS, LABOUR, MANUFACTURING, RND, SALES, SERVICE, PositionSpec, UnitSpec

# The company opened before the Labour Contract Law took effect, so some staff were hired
# under the old law and their pre-2008 contracts do not count towards LCL 14(3) (LCL 97).
FOUNDED = dt.date(2003, 6, 1)
LCL_IN_FORCE = dt.date(2008, 1, 1)

# A leaf unit expected to hold more members than this is split into numbered groups.
SPLIT_AT = 80
GROUP_SIZE = 40

# Oldest age still at work, by retirement category (the pre-2025 ages minus one year, so
# nobody in the demo has passed the statutory retirement age under any reading).
AGE_CAP = {"male": 59, "female_cadre": 54, "female_worker": 49}

# 实施条例/劳社部发〔2008〕3号: 21.75 paid days a month, 8 hours a day.
PAID_DAYS_PER_MONTH = 21.75
OVERTIME_CAP_HOURS = 36  # LCL 41
ANNUAL_RAISE = 1.04
# 上海/浙江: 98 days (女职工劳动保护特别规定 7) plus 60 days of provincial extension.
MATERNITY_DAYS = 158


@dataclass(eq=False)
class Unit:
    spec: UnitSpec
    company: str  # "company" or "bureau"
    name: str
    code: str
    parent: Unit | None
    segment: int
    head_position: str
    weight: float = 0.0
    path: str = ""
    depth: int = 0
    members: int = 0
    children: list[Unit] = field(default_factory=list)
    head: Person | None = None


@dataclass(eq=False)
class Person:
    index: int
    company: str
    unit: Unit
    is_head: bool
    position: str
    employment_type: str
    name: str
    email_name: str
    gender: str
    birth_date: dt.date
    id_number: str
    bank_account: str
    phone: str
    hire_date: dt.date
    first_work_date: dt.date | None
    retirement_category: str
    union_member: bool
    base: int  # current monthly base wage, cents
    status: str = "active"
    separation_date: dt.date | None = None
    manager: Person | None = None
    employee_number: str = ""
    email: str = ""
    # (kind, start, end, probation_end, signed), oldest first
    contracts: list[tuple] = field(default_factory=list)
    showcase: str = ""  # a protected status this person surely has, so every demo shows one


@dataclass
class Plan:
    seed: int
    today: dt.date
    months: list[dt.date]
    city: dict
    company_name: str
    company_credit_code: str
    company_prefix: str
    bureau_name: str
    bureau_credit_code: str
    units: list[Unit]
    people: list[Person]
    positions: dict[str, dict[str, PositionSpec]]
    logins: dict[str, Person | None]
    sales_unit: Unit


def month_window(today: dt.date, months: int) -> list[dt.date]:
    """The `months` full calendar months before the month of `today`, oldest first."""
    first = today.replace(day=1)
    return [first - relativedelta(months=k) for k in range(months, 0, -1)]


def _weighted(items):
    """(values, cumulative weights) for fast repeated weighted choice."""
    values = [v for v, _ in items]
    cum = list(accumulate(w for _, w in items))
    return values, cum


class Planner:
    def __init__(self, *, seed: int, employees: int, civil_servants: int, months: int, today: dt.date):
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_company = employees
        self.n_bureau = civil_servants
        self.today = today
        self.months = month_window(today, months)
        self.people: list[Person] = []
        self.id_numbers: set[str] = set()
        self.emails: dict[str, int] = {}
        self.surnames = _weighted([((s, p), w) for s, p, w in names.SURNAMES])

    # ---- the whole plan ----------------------------------------------------------------

    def plan(self, *, root_segments: tuple[int, int]) -> Plan:
        rng = self.rng
        self.city = rng.choice(catalogue.CITIES)
        brand, brand_py, prefix = rng.choice(catalogue.BRANDS)
        self.company_domain = f"{brand_py}.example.com"
        births = [
            (code, 12 if code[:4] == self.city["division"][:4] else
             5 if code[:2] == self.city["province_prefix"] else 2)
            for code in names.BIRTHPLACES
        ]
        self.birthplaces = _weighted(births)
        company_name = f"{self.city['city']}{brand}智能装备有限公司"
        company_credit = identifiers.credit_code("9", "1", self.city["division"], f"{rng.randrange(10**8):08d}")
        bureau_name = f"{self.city['city']}市{catalogue.BUREAU_DISTRICT}市场监督管理局"
        bureau_credit = identifiers.credit_code("1", "1", self.city["division"][:4] + "00",
                                                f"{rng.randrange(10**8):08d}")

        units = self._plan_units(catalogue.COMPANY_TREE, "company", self.n_company, root_segments[0])
        if self.n_bureau:
            units += self._plan_units(catalogue.BUREAU_TREE, "bureau", self.n_bureau, root_segments[1])
        for unit in units:
            self._staff(unit)
        for unit in units:
            unit.head.manager = unit.parent.head if unit.parent else None
        self._number("company", prefix)
        self._number("bureau", "YX")
        sales = next(u for u in units if u.code == "SALES")
        logins = self._logins(units, sales)
        self._showcases(units, set(map(id, logins.values())))
        return Plan(
            seed=self.seed, today=self.today, months=self.months, city=self.city,
            company_name=company_name, company_credit_code=company_credit, company_prefix=prefix,
            bureau_name=bureau_name, bureau_credit_code=bureau_credit, units=units, people=self.people,
            positions={"company": catalogue.POSITIONS, "bureau": catalogue.BUREAU_POSITIONS},
            logins=logins, sales_unit=sales,
        )

    # ---- the org tree ------------------------------------------------------------------

    def _plan_units(self, tree: UnitSpec, company: str, headcount: int, root_segment: int) -> list[Unit]:
        units: list[Unit] = []

        def add(spec: UnitSpec, parent: Unit | None, segment: int) -> None:
            unit = Unit(spec, company, spec.name, spec.code, parent, segment, spec.head, spec.weight)
            units.append(unit)
            if parent:
                parent.children.append(unit)
            for i, child in enumerate(spec.children, 1):
                add(child, unit, i)

        add(tree, None, root_segment)
        hosts = [u for u in units if u.weight > 0]
        total_weight = sum(u.weight for u in hosts)
        spare = headcount - len(units)
        if spare < 0:
            raise ValueError(f"the demo needs at least {len(units)} people for its {len(units)} units")
        for leaf in hosts:
            expected = spare * leaf.weight / total_weight
            if expected <= SPLIT_AT:
                continue
            groups = math.ceil(expected / GROUP_SIZE)
            for i in range(1, groups + 1):
                group = Unit(leaf.spec, company, f"{leaf.name}{names.cn_number(i)}{leaf.spec.group_suffix}",
                             f"{leaf.code}-{i:03d}", leaf, i, leaf.spec.group_head, leaf.weight / groups)
                leaf.children.append(group)
                units.append(group)
            leaf.weight = 0.0
        for unit in units:
            parent_path = unit.parent.path if unit.parent else ""
            unit.path = f"{parent_path}{unit.segment:04d}."
            unit.depth = unit.path.count(".") - 1
        units.sort(key=lambda u: u.path)
        # Largest remainder: every host gets its share of the people left after the heads.
        hosts = [u for u in units if u.weight > 0]
        spare = headcount - len(units)
        if spare < 0:
            raise ValueError(f"the demo needs at least {len(units)} people for its {len(units)} units")
        shares = [spare * u.weight / total_weight for u in hosts]
        for unit, share in zip(hosts, shares, strict=True):
            unit.members = int(share)
        left = spare - sum(u.members for u in hosts)
        by_remainder = sorted(range(len(hosts)), key=lambda i: (-(shares[i] - int(shares[i])), i))
        for i in by_remainder[:left]:
            hosts[i].members += 1
        return units

    def _staff(self, unit: Unit) -> None:
        spec = unit.spec
        head_type = "civil_servant" if unit.company == "bureau" else LABOUR
        unit.head = self._person(unit, unit.head_position, head_type, is_head=True)
        positions = _weighted(spec.members) if spec.members else None
        types = _weighted(spec.types)
        for _ in range(unit.members):
            etype = self.rng.choices(types[0], cum_weights=types[1])[0]
            if etype == "intern":
                position = "intern"
            elif etype == "part_time":
                position = "part_time_agent" if spec.function == SERVICE else "part_time_admin"
            else:
                position = self.rng.choices(positions[0], cum_weights=positions[1])[0]
            person = self._person(unit, position, etype, is_head=False)
            person.manager = unit.head

    # ---- one person --------------------------------------------------------------------

    def _hire_date(self, unit: Unit, is_head: bool, etype: str) -> dt.date:
        rng, today = self.rng, self.today

        def between(a: dt.date, b: dt.date) -> dt.date:
            return a + dt.timedelta(days=rng.randint(0, max(0, (b - a).days)))

        if is_head:
            if unit.parent is None:
                return FOUNDED
            if unit.depth == 1:
                return between(FOUNDED, today - dt.timedelta(days=6 * 365))
            return between(FOUNDED + dt.timedelta(days=365), today - dt.timedelta(days=2 * 365))
        if etype == "intern":
            return between(today - dt.timedelta(days=180), today - dt.timedelta(days=7))
        if etype == "part_time":
            return between(today - dt.timedelta(days=3 * 365), today - dt.timedelta(days=14))
        if etype == "dispatch":
            return between(today - dt.timedelta(days=5 * 365), today - dt.timedelta(days=14))
        r = rng.random()
        if r < 0.10:
            return between(FOUNDED, LCL_IN_FORCE - dt.timedelta(days=1))
        if r < 0.70:
            return between(LCL_IN_FORCE, today - dt.timedelta(days=365))
        if r < 0.92:
            return between(today - dt.timedelta(days=365), today - dt.timedelta(days=120))
        return between(today - dt.timedelta(days=120), today - dt.timedelta(days=7))

    def _name(self, male: bool) -> tuple[str, str]:
        rng = self.rng
        surname, surname_py = rng.choices(self.surnames[0], cum_weights=self.surnames[1])[0]
        own = names.MALE_GIVEN if male else names.FEMALE_GIVEN
        if rng.random() < 0.28:
            given = [rng.choice(own)]
        else:
            first = rng.choice(own + names.SHARED_GIVEN)
            second = rng.choice(own)
            while second[0] == first[0]:
                second = rng.choice(own)
            given = [first, second]
        return surname + "".join(c for c, _ in given), surname_py + "".join(p for _, p in given)

    def _person(self, unit: Unit, position: str, etype: str, *, is_head: bool) -> Person:
        rng, today = self.rng, self.today
        spec_positions = catalogue.BUREAU_POSITIONS if unit.company == "bureau" else catalogue.POSITIONS
        pos = spec_positions[position]
        male = rng.random() < (0.7 if is_head else unit.spec.male_share)
        category = "male" if male else ("female_cadre" if pos.cadre else "female_worker")
        hire = self._hire_date(unit, is_head, etype)

        start_age = 22 if pos.cadre else 18
        if etype == "intern":
            age_at_hire = rng.randint(20, 23)
        else:
            age_at_hire = start_age + min(int(rng.expovariate(1 / 5)), 25)
            if is_head:
                age_at_hire += rng.randint(4, 12)
        years_since_hire = (today - hire).days // 365
        age_at_hire = max(start_age if etype != "intern" else 20,
                          min(age_at_hire, AGE_CAP[category] - years_since_hire - 2))
        birth = hire - dt.timedelta(days=int(age_at_hire * 365.25) + rng.randint(0, 360))
        if etype == "intern":
            first_work = None
        else:
            experience_days = int((age_at_hire - start_age) * 365.25 * rng.uniform(0.8, 1.0))
            first_work = hire - dt.timedelta(days=max(0, experience_days))

        region = rng.choices(self.birthplaces[0], cum_weights=self.birthplaces[1])[0]
        while True:
            sequence = rng.randrange(1, 500) * 2 - (1 if male else 0)  # GB 11643: odd = male
            id_number = identifiers.id_number(region, birth, sequence)
            if id_number not in self.id_numbers:
                self.id_numbers.add(id_number)
                break
        card = rng.choice(names.BANK_CARD_PREFIXES) + f"{rng.randrange(10**12):012d}"
        name, name_py = self._name(male)
        phone = rng.choice(names.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"

        union = rng.random() < {"intern": 0.0, "part_time": 0.1}.get(etype, 0.42)
        tenure_years = (today - hire).days / 365.25
        band_low, band_high = pos.wage_min * 100, pos.wage_max * 100
        u = rng.uniform(0.5, 1.0) if is_head else rng.random() * 0.7 + min(tenure_years / 20, 0.3)
        base = int(band_low + u * (band_high - band_low)) // 1000 * 1000  # whole 10 yuan

        # A draw that once gave the employee code (the importer gives codes now), kept so that a
        # seed still plans the same people as before.
        rng.getrandbits(128)
        person = Person(
            index=len(self.people), company=unit.company, unit=unit, is_head=is_head, position=position,
            employment_type=etype, name=name,
            email_name=name_py, gender="male" if male else "female", birth_date=birth, id_number=id_number,
            bank_account=card + identifiers.luhn_check_digit(card), phone=phone, hire_date=hire,
            first_work_date=first_work, retirement_category=category, union_member=union, base=base,
        )
        self.people.append(person)
        self._status(person)
        if etype == LABOUR:
            until = min(person.separation_date or today, today)
            person.contracts = self._contracts(hire, until)
            probation_end = person.contracts[0][3]
            if person.status == "active" and probation_end and probation_end >= today:
                person.status = "probation"
        elif etype == "civil_servant" and person.status == "active" and hire > today - relativedelta(years=1):
            person.status = "probation"  # 公务员法 60: new civil servants serve one year on probation
        return person

    def _status(self, person: Person) -> None:
        if person.is_head:
            return
        rng, today = self.rng, self.today
        r = rng.random()
        window_start = self.months[0] if self.months else today
        if r < 0.08 and person.hire_date <= today - dt.timedelta(days=90):
            earliest = max(person.hire_date + dt.timedelta(days=60), window_start)
            latest = today - dt.timedelta(days=1)
            if earliest <= latest:
                person.status = "separated"
                person.separation_date = earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
        elif r < 0.10 and person.hire_date <= today - dt.timedelta(days=180):
            person.status = "separating"
            person.separation_date = today + dt.timedelta(days=rng.randint(7, 30))

    def _contracts(self, hire: dt.date, until: dt.date) -> list[tuple]:
        """Fixed-term contracts renewed until one covers `until`; open-ended once LCL 14 allows."""
        rng = self.rng
        contracts = []
        start = hire
        fixed_since_lcl = 0
        while True:
            service_years = (start - hire).days / 365.25
            first = not contracts
            # LCL 14(1) ten years' service, 14(3) two consecutive fixed terms since 2008 (LCL 97).
            if not first and (fixed_since_lcl >= 2 or service_years >= 10) and rng.random() < 0.85:
                kind, end, years = "open_ended", None, None
            else:
                terms = ((3, 0.6), (2, 0.1), (5, 0.2), (1, 0.1)) if first else ((3, 0.6), (5, 0.3), (2, 0.1))
                years = rng.choices([t for t, _ in terms], weights=[w for _, w in terms])[0]
                kind, end = "fixed_term", start + relativedelta(years=years) - dt.timedelta(days=1)
            probation_end = None
            if first:
                # LCL 19: < 1 year → 1 month; 1–3 years → 2 months; ≥ 3 years or open-ended → 6 months.
                if years is None or years >= 3:
                    months = 6 if rng.random() < 0.7 else 3
                elif years >= 1:
                    months = 2
                else:
                    months = 1
                probation_end = start + relativedelta(months=months) - dt.timedelta(days=1)
            signed = start - dt.timedelta(days=rng.randint(0, 7))
            contracts.append((kind, start, end, probation_end, signed))
            if end is None or end >= until:
                return contracts
            if kind == "fixed_term" and start >= LCL_IN_FORCE:
                fixed_since_lcl += 1
            start = end + dt.timedelta(days=1)

    # ---- numbers, e-mail addresses, demo logins ------------------------------------------

    def _number(self, company: str, prefix: str) -> None:
        staff = sorted((p for p in self.people if p.company == company), key=lambda p: (p.hire_date, p.index))
        domain = self.domain_for(company)
        for i, person in enumerate(staff, 1):
            person.employee_number = f"{prefix}{i:06d}"
            seen = self.emails.get((company, person.email_name), 0)
            self.emails[(company, person.email_name)] = seen + 1
            local = person.email_name + (str(seen + 1) if seen else "")
            person.email = f"{local}@{domain}"

    def domain_for(self, company: str) -> str:
        if company == "bureau":
            return "yunxi-amr.example.gov"
        return self.company_domain

    def _showcases(self, units: list[Unit], logins: set[int]) -> None:
        """A current pregnancy in sales, a current medical period in customer service and a
        work injury in manufacturing, so even a small demo shows the protections (LCL 42)."""
        wanted = (
            ("SALES", "pregnancy", lambda p: p.gender == "female"
             and 23 <= (self.today - p.birth_date).days / 365.25 <= 40),
            ("SERVICE", "medical_period", lambda p: True),
            ("MFG", "work_injury", lambda p: not catalogue.POSITIONS[p.position].cadre),
        )
        for code, kind, fits in wanted:
            unit = next(u for u in units if u.company == "company" and u.code == code)
            for person in self.people:
                if (person.company == "company" and not person.is_head and id(person) not in logins
                        and person.unit.path.startswith(unit.path) and person.status == "active"
                        and person.employment_type == LABOUR and not person.showcase
                        and person.hire_date <= self.today - dt.timedelta(days=400) and fits(person)):
                    person.showcase = kind
                    break

    def _logins(self, units: list[Unit], sales: Unit) -> dict[str, Person | None]:
        by_code = {(u.company, u.code): u for u in units}
        people_by_unit: dict[int, list[Person]] = {}
        for person in self.people:
            if not person.is_head:
                people_by_unit.setdefault(id(person.unit), []).append(person)

        def member(code: str, *, position: str | None = None, settled: bool = False) -> Person | None:
            unit = by_code.get(("company", code))
            if unit is None:
                return None
            candidates = [u for u in units if u.path.startswith(unit.path)]
            for candidate in candidates:
                for person in people_by_unit.get(id(candidate), []):
                    if person.status != "active" or person.employment_type != LABOUR:
                        continue
                    if position and person.position != position:
                        continue
                    if settled and person.hire_date > self.today - relativedelta(years=3):
                        continue
                    return person
            return None

        employee = (member("SALES-E", settled=True) or member("SALES", settled=True)
                    or member("SALES") or by_code[("company", "SALES-E")].head)
        # hradmin is the company's first HR admin (setup_company), not linked to an employee.
        hrbp = member("HR", position="hrbp") or member("HR") or by_code[("company", "HR")].head
        logins = {
            "hradmin": None,
            "hrbp": hrbp,
            "legal": by_code[("company", "LEGAL")].head,
            "manager": sales.head,
            "approver": by_code[("company", "HQ")].head,
            "employee": employee,
            "auditor": member("FINANCE") or by_code[("company", "FINANCE")].head,
        }
        # A second HRBP for the whole company: someone of HR (else anyone settled) with no login yet.
        taken = {id(p) for p in logins.values() if p is not None}
        hr_path = by_code[("company", "HR")].path
        ordered = sorted((p for p in self.people if p.company == "company" and id(p) not in taken
                          and p.status == "active" and p.employment_type == LABOUR),
                         key=lambda p: (not p.unit.path.startswith(hr_path), p.employee_number))
        logins["hrbp2"] = ordered[0] if ordered else None
        # 三员分立: the system and the security admin, two more people (of 行政部 first) with no login yet.
        taken.add(id(logins["hrbp2"]))
        admin_path = by_code[("company", "ADMIN")].path if ("company", "ADMIN") in by_code else "-"
        spare = sorted((p for p in ordered if id(p) not in taken),
                       key=lambda p: (not p.unit.path.startswith(admin_path), p.employee_number))
        logins["sysadmin"] = spare[0] if spare else None
        logins["secadmin"] = spare[1] if len(spare) > 1 else None
        return logins


# ---- wages and protected periods, drawn while writing (same order every run) ---------------


def _cents_factor(today: dt.date, month: dt.date) -> float:
    """Base wage of `month` relative to today's: one raise every March."""
    def raise_year(d: dt.date) -> int:
        return d.year if d.month >= 3 else d.year - 1

    return ANNUAL_RAISE ** -(raise_year(today) - raise_year(month))


def wage_rows(rng: random.Random, person: Person, months: list[dt.date], today: dt.date) -> list[tuple]:
    """(month, base, bonus, allowances, overtime, total) in cents for the months worked."""
    pos = (catalogue.BUREAU_POSITIONS if person.company == "bureau" else catalogue.POSITIONS)[person.position]
    function = person.unit.spec.function
    etype = person.employment_type
    hire, sep = person.hire_date, person.separation_date
    hire_month = hire.replace(day=1)
    sep_month = sep.replace(day=1) if sep else None
    floor = pos.wage_min * 100
    rows = []
    for month in months:
        if month < hire_month or (sep_month and month > sep_month):
            continue
        days = calendar.monthrange(month.year, month.month)[1]
        first_day = hire.day if month == hire_month else 1
        last_day = sep.day if month == sep_month else days
        fraction = (last_day - first_day + 1) / days
        base_full = max(floor, int(person.base * _cents_factor(today, month)) // 100 * 100)
        base = int(base_full * fraction)

        bonus = 0.0
        if etype not in ("intern", "part_time"):
            if etype == "civil_servant":
                if month.month == 12:
                    bonus = base_full  # 年终一次性奖金: one month's base
                elif month.month == 1:
                    bonus = base_full * rng.uniform(0.3, 0.8)  # 年度考核奖
            else:
                if person.is_head:
                    bonus = base * rng.uniform(0.05, 0.15)
                elif function == SALES:
                    bonus = 0.0 if rng.random() < 0.15 else base * rng.uniform(0.05, 0.8)  # commission
                elif function == MANUFACTURING:
                    bonus = (30000 if rng.random() < 0.85 else 0) + rng.randint(0, 50000)  # 全勤奖 + 绩效
                elif function in (SERVICE, FUNCTIONS, RND, EXEC):
                    bonus = base * rng.uniform(0.03, 0.15)
                if month.month in (3, 6, 9, 12) and function in (SALES, RND):
                    bonus += base * rng.uniform(0.15, 0.6)  # quarterly bonus
                if month.month == 1 and fraction == 1:
                    if etype == "dispatch":
                        multiple = rng.uniform(0.2, 0.5)
                    elif person.is_head or function == RND:
                        multiple = rng.uniform(1.0, 3.0)
                    elif function == MANUFACTURING:
                        multiple = rng.uniform(0.3, 1.0)
                    else:
                        multiple = rng.uniform(0.5, 1.5)
                    bonus += base_full * multiple  # 年终奖
            bonus *= fraction if fraction < 1 else 1

        if etype == "part_time":
            allowances = 0.0
        elif etype == "civil_servant":
            allowances = base_full * 0.9 * fraction  # 规范津贴补贴
        else:
            allowances = 50000 + (30000 if etype != "intern" else 0)  # meal, transport
            if function == SALES:
                allowances += 50000  # travel and telephone
            if function == MANUFACTURING:
                allowances += 30000  # shift allowance
                if 6 <= month.month <= 9:
                    allowances += 30000  # 高温津贴 (June–September)
            allowances *= fraction

        overtime = 0.0
        hourly = base_full / PAID_DAYS_PER_MONTH / 8
        if etype not in ("intern", "part_time", "civil_servant") and not person.is_head:
            if function == MANUFACTURING and pos.cadre is False:
                hours = rng.randint(0, OVERTIME_CAP_HOURS)
                rest_day = rng.randint(0, hours)
                overtime = hourly * (1.5 * (hours - rest_day) + 2.0 * rest_day) * fraction  # LCL 44
            elif function == RND and rng.random() < 0.25:
                overtime = hourly * 1.5 * rng.randint(4, 20)

        bonus_c, allowances_c, overtime_c = int(bonus), int(allowances), int(overtime)
        rows.append((month, base, bonus_c, allowances_c, overtime_c, base + bonus_c + allowances_c + overtime_c))
    return rows


def _medical_period_months(work_years: float, company_years: float) -> int:
    """企业职工患病或非因工负伤医疗期规定 (劳部发〔1994〕479号) 第三条."""
    if work_years < 10:
        return 3 if company_years < 5 else 6
    for limit, months in ((5, 6), (10, 9), (15, 12), (20, 18)):
        if company_years < limit:
            return months
    return 24


def status_periods(rng: random.Random, person: Person, today: dt.date) -> list[tuple]:
    """(kind, notes, start, end) protected-status periods, some still current."""
    if person.status == "separated" or person.employment_type in ("intern", "part_time"):
        return []
    out = []
    age = (today - person.birth_date).days / 365.25
    r = rng.random()
    if person.showcase:
        r = {"pregnancy": 0.0, "medical_period": 0.99, "work_injury": 0.95}[person.showcase]
    if person.gender == "female" and 23 <= age <= 40 and r < 0.1:
        birth = today + dt.timedelta(days=rng.randint(60, 240) if person.showcase else rng.randint(-365, 240))
        pregnancy_start = max(birth - dt.timedelta(days=280), person.hire_date)
        maternity_start = birth - dt.timedelta(days=15)
        if maternity_start <= person.hire_date:
            return []  # hired at the end of a pregnancy: no period the demo can date
        maternity_end = maternity_start + dt.timedelta(days=MATERNITY_DAYS - 1)
        nursing_end = birth + relativedelta(years=1) - dt.timedelta(days=1)
        due = f"预产期 {birth.isoformat()}"
        if pregnancy_start <= today:
            current = maternity_start > today
            out.append(("pregnancy", due, pregnancy_start, None if current else maternity_start - dt.timedelta(days=1)))
        if maternity_start <= today:
            out.append(("maternity", f"分娩 {birth.isoformat()}，产假{MATERNITY_DAYS}天", maternity_start, maternity_end))
        if maternity_end < today:
            out.append(("nursing", "哺乳期至婴儿满一周岁", maternity_end + dt.timedelta(days=1), nursing_end))
        return out
    if person.employment_type == LABOUR and r > 0.97:
        start = today - dt.timedelta(days=rng.randint(7, 60) if person.showcase else rng.randint(7, 540))
        if start < person.hire_date + dt.timedelta(days=30):
            return []
        work_years = (start - (person.first_work_date or person.hire_date)).days / 365.25
        company_years = (start - person.hire_date).days / 365.25
        entitled = _medical_period_months(work_years, company_years)
        taken = entitled if person.showcase else rng.randint(1, entitled)
        end = start + relativedelta(months=taken) - dt.timedelta(days=1)
        notes = f"医疗期{entitled}个月（实际工作年限{int(work_years)}年，本单位工作年限{int(company_years)}年）"
        out.append(("medical_period", notes, start, end))
        return out
    function = person.unit.spec.function
    if function == MANUFACTURING and not person.is_head and 0.94 < r <= 0.955:
        start = today - dt.timedelta(days=rng.randint(30, 360 if person.showcase else 3 * 365))
        if start < person.hire_date:
            return []
        grade = rng.choice(("七", "八", "九", "十"))
        ended = rng.random() >= 0.6 and not person.showcase
        end = start + relativedelta(months=rng.randint(3, 12)) if ended else None
        out.append(("work_injury", f"工伤认定，劳动能力鉴定{grade}级伤残", start, end))
    elif function == MANUFACTURING and not person.is_head and 0.955 < r <= 0.96:
        start = today - dt.timedelta(days=rng.randint(5, 60))
        if start >= person.hire_date:
            out.append(("occupational_disease_exam_pending", "噪声作业岗位，离岗前职业健康检查待完成", start, None))
    return out


