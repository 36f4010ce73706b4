"""The attrition-risk model family, shared by the in-app model and `farewell risk evaluate`.

Pure Python over pandas and scikit-learn: no Django import, so the command line can run it
with an empty environment. One table in, three steps:

1. `plan_columns` reads each feature column and decides what it is: numeric (numbers, with
   a few non-numbers counted as missing), a date (turned into a day count), categorical, or
   left out (empty, constant, an identifier or free text) — each decision with its reason.
2. `candidates` builds the two model families on that plan: a regularised logistic
   regression (median imputation with missing-value indicators, a signed log for skewed
   columns, scaling, one-hot categories; small integer codes such as 1–4 survey answers are
   read both as a number and as categories) and a histogram gradient-boosted tree ensemble
   (native missing values and categories).
3. `select_and_fit` chooses among them by inner stratified cross-validation on the training
   rows only, then fits the winner with sigmoid calibration (probabilities, not scores).

`cross_validate` wraps 3 in an outer stratified k-fold: every figure it reports comes from
rows the model (and its selection) never saw. Nothing is resampled.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score, roc_curve
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
from threadpoolctl import threadpool_limits

# Column detection.
NUMERIC_SHARE = 0.95  # a column is numeric when at least this share of its values are numbers
SMALL_CODE_MAX = 10  # integer columns with 3..this many values are also read as categories
IDENTIFIER_SHARE = 0.5  # text columns with more distinct values than this share of rows are left out
IDENTIFIER_MIN_DISTINCT = 20
MAX_CATEGORIES = 30  # one-hot columns per categorical column (the rest grouped as "infrequent")
TREE_MAX_CATEGORIES = 60  # categories the tree ensemble sees per column (its bins are capped at 255)
MIN_CATEGORY_ROWS = 5  # categories rarer than this are grouped as "infrequent"
SKEW_LOG = 1.0  # the linear family takes a signed log of columns more skewed than this

# Selection and evaluation.
OUTER_FOLDS = 5
INNER_FOLDS = 3
INNER_MAX_ROWS = 20_000  # the inner selection runs on a stratified sample of at most this many rows
LINEAR_C = (0.03, 0.1, 0.3, 1.0)
TREE_SETTINGS = (
    {"learning_rate": 0.05, "max_iter": 250, "max_leaf_nodes": 8, "min_samples_leaf": 20, "l2_regularization": 1.0},
    {"learning_rate": 0.1, "max_iter": 150, "max_leaf_nodes": 31, "min_samples_leaf": 10, "l2_regularization": 0.1},
)

_ID_NAME = re.compile(r"(^|[_\s.-])(id|no|nr|num|number|code|key|uuid)$|^(id|uuid)([_\s.-]|$)|编号|工号|序号|身份证",
                      re.IGNORECASE)
_DATE = re.compile(r"^\d{4}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?([ T]\d{1,2}:\d{2}(:\d{2})?)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_NOISE = re.compile(r"[\s¥$€£%％元]")


class ModelInputError(ValueError):
    """The table cannot be modelled as asked; `column` names the culprit when there is one."""

    def __init__(self, message: str, column: str | None = None):
        super().__init__(message)
        self.column = column


@dataclass
class ColumnPlan:
    """What each feature column is, and why a column was left out."""

    numeric: list[str] = field(default_factory=list)
    categorical: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # numeric columns also one-hot encoded (linear family)
    dates: list[str] = field(default_factory=list)  # numeric columns that were dates (days since 1970)
    dropped: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def features(self) -> list[str]:
        return [*self.numeric, *self.categorical]

    def as_dict(self) -> dict:
        return {"numeric": self.numeric, "categorical": self.categorical, "also_as_categories": self.codes,
                "dates": self.dates, "dropped": self.dropped}


# --- reading columns -------------------------------------------------------------------------


def parse_numbers(values: pd.Series, *, decimal_comma: bool = False) -> pd.Series:
    """Numbers from text: 1,234.5 / 12% / ¥3000 / full-width digits; anything else is NaN."""
    text = values.astype("string").str.normalize("NFKC").str.strip()
    text = text.str.replace(_NOISE, "", regex=True)
    thousands = text.str.match(_THOUSANDS).fillna(False)
    text = text.where(~thousands, text.str.replace(",", "", regex=False))
    if decimal_comma:
        comma = text.str.match(_DECIMAL_COMMA).fillna(False)
        text = text.where(~comma, text.str.replace(",", ".", regex=False))
    numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    return numbers.where(np.isfinite(numbers))


def parse_dates(values: pd.Series) -> pd.Series | None:
    """Days since 1970-01-01 when nearly every value looks like a date, else None."""
    text = values.astype("string").str.strip()
    known = text.dropna()
    if known.empty or known.str.match(_DATE).mean() < NUMERIC_SHARE:
        return None
    normalised = text.str.replace(r"[年月/.]", "-", regex=True).str.replace("日", "", regex=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(normalised, errors="coerce", format="mixed")
    if parsed.notna().sum() < NUMERIC_SHARE * len(known):
        return None
    days = (parsed - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)
    return days.astype("float64")


def _looks_like_identifier(name: str, numbers: pd.Series, rows: int) -> bool:
    """A whole number unique on every row, named like an ID or in file order (工号, EmployeeNumber)."""
    known = numbers.dropna()
    if len(known) < rows or known.nunique() < rows or rows < IDENTIFIER_MIN_DISTINCT:
        return False
    if not np.allclose(known, np.round(known)):
        return False
    return bool(_ID_NAME.search(name.strip())) or known.is_monotonic_increasing or known.is_monotonic_decreasing


def plan_columns(frame: pd.DataFrame, *, decimal_comma: bool = False) -> tuple[pd.DataFrame, ColumnPlan]:
    """Decide each column's kind; returns the typed table (numbers as float, text as object)."""
    plan = ColumnPlan()
    typed = {}
    rows = len(frame)
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object:
            column = column.astype(object).where(column.notna(), None)
        known = column.dropna()
        if known.empty:
            plan.dropped[name] = "empty"
            continue
        distinct = known.astype(str).nunique()
        if distinct <= 1 and len(known) == rows:
            plan.dropped[name] = "constant"
            continue
        numbers = parse_numbers(column, decimal_comma=decimal_comma)
        share = numbers.notna().sum() / len(known)
        if share >= NUMERIC_SHARE:
            if _looks_like_identifier(str(name), numbers, rows):
                plan.dropped[name] = "identifier"
                continue
            lost = len(known) - int(numbers.notna().sum())
            if lost:
                plan.notes.append(f"{name}: {lost} value(s) that are not numbers read as missing")
            typed[name] = numbers
            plan.numeric.append(name)
            whole = numbers.dropna()
            if 3 <= whole.nunique() <= SMALL_CODE_MAX and np.allclose(whole, np.round(whole)):
                plan.codes.append(name)
            continue
        days = parse_dates(column)
        if days is not None:
            typed[name] = days
            plan.numeric.append(name)
            plan.dates.append(name)
            continue
        text = column.astype("string").str.strip()
        if distinct > max(IDENTIFIER_MIN_DISTINCT, IDENTIFIER_SHARE * len(known)):
            plan.dropped[name] = f"identifier or free text ({distinct} distinct values in {len(known)} rows)"
            continue
        if distinct > MAX_CATEGORIES:
            plan.notes.append(f"{name}: {distinct} categories; the rarest are grouped together")
        typed[name] = text.astype(object).where(text.notna(), np.nan)
        plan.categorical.append(name)
    table = pd.DataFrame(typed, index=frame.index)
    return table[[*plan.numeric, *plan.categorical]], plan


# --- the two families ------------------------------------------------------------------------


class SkewLog(BaseEstimator, TransformerMixin):
    """Signed log1p of the columns whose training skew exceeds `threshold` (fitted, so no test row
    decides which columns are transformed)."""

    def __init__(self, threshold: float = SKEW_LOG):
        self.threshold = threshold

    def fit(self, X, y=None):
        values = np.asarray(X, dtype=float)
        skew = pd.DataFrame(values).skew(axis=0).to_numpy()
        self.columns_ = np.where(np.abs(np.nan_to_num(skew)) > self.threshold)[0]
        self.n_features_in_ = values.shape[1]
        return self

    def transform(self, X):
        values = np.array(X, dtype=float, copy=True)
        part = values[:, self.columns_]
        values[:, self.columns_] = np.sign(part) * np.log1p(np.abs(part))
        return values

    def get_feature_names_out(self, input_features=None):
        return np.asarray(input_features if input_features is not None else
                          [f"x{i}" for i in range(self.n_features_in_)], dtype=object)


def _min_frequency(rows: int) -> int:
    return max(2, min(MIN_CATEGORY_ROWS, rows // 100 or 2))


def linear_pipeline(plan: ColumnPlan, *, C: float = 0.3, rows: int = 1000) -> Pipeline:
    parts = []
    if plan.numeric:
        parts.append(("num", Pipeline([
            ("impute", SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True)),
            ("log", SkewLog()),
            ("scale", StandardScaler()),
        ]), plan.numeric))
    if plan.codes:
        parts.append(("codes", Pipeline([
            ("impute", SimpleImputer(strategy="most_frequent", keep_empty_features=True)),
            ("onehot", OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=_min_frequency(rows))),
        ]), plan.codes))
    if plan.categorical:
        parts.append(("cat", Pipeline([
            ("impute", SimpleImputer(strategy="constant", fill_value="(missing)", keep_empty_features=True)),
            ("onehot", OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=_min_frequency(rows),
                                     max_categories=MAX_CATEGORIES)),
        ]), plan.categorical))
    return Pipeline([
        ("prepare", ColumnTransformer(parts, sparse_threshold=0.0)),
        ("model", LogisticRegression(C=C, max_iter=5000)),
    ])


def tree_pipeline(plan: ColumnPlan, *, seed: int = 0, **settings) -> Pipeline:
    parts = []
    if plan.numeric:
        parts.append(("num", "passthrough", plan.numeric))
    if plan.categorical:
        parts.append(("cat", Pipeline([
            ("impute", SimpleImputer(strategy="constant", fill_value="(missing)", keep_empty_features=True)),
            ("ordinal", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1,
                                       max_categories=TREE_MAX_CATEGORIES)),
        ]), plan.categorical))
    categorical = list(range(len(plan.numeric), len(plan.numeric) + len(plan.categorical))) or None
    return Pipeline([
        ("prepare", ColumnTransformer(parts, sparse_threshold=0.0)),
        ("model", HistGradientBoostingClassifier(categorical_features=categorical, early_stopping=False,
                                                 random_state=seed, **settings)),
    ])


@dataclass(frozen=True)
class Candidate:
    family: str  # "logistic_regression" | "gradient_boosting"
    label: str
    pipeline: Pipeline


FAMILIES = ("logistic_regression", "gradient_boosting")


def candidates(plan: ColumnPlan, *, rows: int, seed: int = 0, families: tuple[str, ...] = FAMILIES) -> list[Candidate]:
    found = [Candidate("logistic_regression", f"logistic regression C={c}", linear_pipeline(plan, C=c, rows=rows))
             for c in LINEAR_C]
    for i, settings in enumerate(TREE_SETTINGS):
        found.append(Candidate("gradient_boosting", f"gradient boosting #{i + 1} ({settings['max_leaf_nodes']} leaves)",
                               tree_pipeline(plan, seed=seed, **settings)))
    return [c for c in found if c.family in families]


# --- selection, calibration, evaluation ------------------------------------------------------


@dataclass
class Selection:
    family: str
    label: str
    inner_auc: dict[str, float]


def _quietly(fn, *args, **kwargs):
    """Run a fit single-threaded and without the expected warnings.

    One thread: the tree ensemble's OpenMP threads spin-wait when the cores are shared with
    other work, which made a 15-second evaluation take ten times longer on a busy machine."""
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", message=".*[Ff]ound unknown categories.*")
        warnings.filterwarnings("ignore", category=RuntimeWarning)
        return fn(*args, **kwargs)


def _sample(X: pd.DataFrame, y: np.ndarray, limit: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    if len(y) <= limit:
        return X, y
    folds = StratifiedKFold(n_splits=math.ceil(len(y) / limit), shuffle=True, random_state=seed)
    _, keep = next(folds.split(X, y))
    return X.iloc[keep], y[keep]


def select(X: pd.DataFrame, y: np.ndarray, plan: ColumnPlan, *, seed: int = 0,
           families: tuple[str, ...] = FAMILIES) -> tuple[Candidate, Selection]:
    """The candidate with the best mean ROC AUC over inner stratified folds of these rows only."""
    options = candidates(plan, rows=len(y), seed=seed, families=families)
    minority = int(min(y.sum(), len(y) - y.sum()))
    folds = min(INNER_FOLDS, minority)
    if folds < 2 or len(options) == 1:  # nothing to compare, or too few of one class to compare
        chosen = options[min(1, len(options) - 1)]
        return chosen, Selection(chosen.family, chosen.label, {})
    Xs, ys = _sample(X, y, INNER_MAX_ROWS, seed)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed + 1)
    splits = list(splitter.split(Xs, ys))
    scores: dict[str, float] = {}
    for option in options:
        aucs = []
        for train, test in splits:
            model = _quietly(clone(option.pipeline).fit, Xs.iloc[train], ys[train])
            aucs.append(roc_auc_score(ys[test], model.predict_proba(Xs.iloc[test])[:, 1]))
        scores[option.label] = round(float(np.mean(aucs)), 4)
    best = max(options, key=lambda o: scores[o.label])
    return best, Selection(best.family, best.label, scores)


def calibrated(candidate: Candidate, y: np.ndarray, *, seed: int = 0):
    minority = int(min(y.sum(), len(y) - y.sum()))
    folds = min(INNER_FOLDS, minority)
    if folds < 2:
        return clone(candidate.pipeline)
    return CalibratedClassifierCV(clone(candidate.pipeline), method="sigmoid",
                                  cv=StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed + 2))


def select_and_fit(X: pd.DataFrame, y: np.ndarray, plan: ColumnPlan, *, seed: int = 0,
                   families: tuple[str, ...] = FAMILIES):
    """(fitted calibrated model, Selection): the inner-CV winner refitted on all of X."""
    with threadpool_limits(limits=1):
        candidate, selection = select(X, y, plan, seed=seed, families=families)
        model = _quietly(calibrated(candidate, y, seed=seed).fit, X, y)
    return model, selection


@dataclass
class Evaluation:
    n: int
    positives: int
    folds: int
    roc_auc: float
    roc_auc_folds: list[float]
    pr_auc: float
    brier: float
    log_loss: float
    base_rate: float
    selections: list[Selection]
    probabilities: np.ndarray
    y: np.ndarray

    @property
    def family(self) -> str:
        """The family most folds chose."""
        counts: dict[str, int] = {}
        for s in self.selections:
            counts[s.family] = counts.get(s.family, 0) + 1
        return max(counts, key=lambda k: (counts[k], k == "logistic_regression"))

    def roc_points(self, limit: int = 200) -> list[list[float]]:
        fpr, tpr, _ = roc_curve(self.y, self.probabilities)
        step = max(1, len(fpr) // limit)
        keep = sorted(set(range(0, len(fpr), step)) | {len(fpr) - 1})
        return [[round(float(fpr[i]), 4), round(float(tpr[i]), 4)] for i in keep]

    def calibration_bins(self, bins: int = 10) -> list[dict]:
        """Predicted vs observed rate in equal-count bins of the out-of-fold probabilities."""
        order = np.argsort(self.probabilities, kind="stable")
        out = []
        for part in np.array_split(order, min(bins, len(order))):
            if len(part):
                out.append({"predicted": round(float(self.probabilities[part].mean()), 4),
                            "observed": round(float(self.y[part].mean()), 4), "n": int(len(part))})
        return out


def cross_validate(X: pd.DataFrame, y: np.ndarray, plan: ColumnPlan, *, folds: int = OUTER_FOLDS, seed: int = 0,
                   progress=None, families: tuple[str, ...] = FAMILIES) -> Evaluation:
    """Stratified k-fold: selection, fitting and calibration on each training part, scores on its test part."""
    y = np.asarray(y, dtype=int)
    minority = int(min(y.sum(), len(y) - y.sum()))
    if minority < folds:
        raise ModelInputError(f"{folds}-fold cross-validation needs at least {folds} rows of each class; "
                              f"the smaller class has {minority}")
    probabilities = np.zeros(len(y), dtype=float)
    aucs, aps, briers, losses, selections = [], [], [], [], []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for index, (train, test) in enumerate(splitter.split(X, y), start=1):
        model, selection = select_and_fit(X.iloc[train], y[train], plan, seed=seed, families=families)
        with threadpool_limits(limits=1):
            p = np.clip(model.predict_proba(X.iloc[test])[:, 1], 1e-6, 1 - 1e-6)
        probabilities[test] = p
        aucs.append(roc_auc_score(y[test], p))
        aps.append(average_precision_score(y[test], p))
        briers.append(brier_score_loss(y[test], p))
        losses.append(log_loss(y[test], p, labels=[0, 1]))
        selections.append(selection)
        if progress is not None:
            progress(index, folds)
    return Evaluation(
        n=len(y), positives=int(y.sum()), folds=folds,
        roc_auc=round(float(np.mean(aucs)), 4), roc_auc_folds=[round(float(a), 4) for a in aucs],
        pr_auc=round(float(np.mean(aps)), 4), brier=round(float(np.mean(briers)), 4),
        log_loss=round(float(np.mean(losses)), 4), base_rate=round(float(y.mean()), 4),
        selections=selections, probabilities=probabilities, y=y,
    )


def single_column_leaks(X: pd.DataFrame, y: np.ndarray, plan: ColumnPlan, *, above: float = 0.98) -> list[str]:
    """Columns that alone separate the classes almost perfectly (an outcome recorded as a feature?)."""
    found = []
    for name in plan.numeric:
        values = X[name].to_numpy(dtype=float)
        filled = np.where(np.isnan(values), np.nanmedian(values) if np.isfinite(values).any() else 0.0, values)
        candidates_ = [filled, np.isnan(values).astype(float)]
        best = max((abs(roc_auc_score(y, v) - 0.5) + 0.5 for v in candidates_ if np.unique(v).size > 1), default=0.5)
        if best >= above:
            found.append(name)
    for name in plan.categorical:
        values = X[name].fillna("(missing)")
        if values.nunique() > MAX_CATEGORIES:
            continue
        rate = pd.Series(y, index=X.index).groupby(values).transform("mean")
        if rate.nunique() > 1 and roc_auc_score(y, rate) >= above:
            found.append(name)
    return found
