"""Indexes for the name search and the subtree scope (issue 14), on PostgreSQL only.

- `employee_name_chars_gin`: GIN over the characters of the upper-cased name, serving
  `org.search.ContainsCharsOf` (a one- or two-character search such as 张 or 张伟 finds its
  candidates in the index; pg_trgm cannot serve patterns shorter than three characters, see
  org/search.py). No extension is needed.
- `employee_number_upper_prefix`: `UPPER(employee_number) text_pattern_ops`, serving the 工号
  prefix search (`istartswith`), whatever the database's collation.
- `orgunit_company_path_prefix`: `(company_id, path varchar_pattern_ops)`, serving
  `path LIKE '0001.0004.%'` for a subtree (the default B-tree on path cannot serve LIKE under a
  non-C collation such as C.UTF-8 or zh_CN.UTF-8).

- `employee_unit_company_idx (org_unit, company, id)` (every database): a subtree scope or unit filter,
  `org_unit_id IN (...) AND company_id = ...`, counted from the index alone (org/subtree.py).

SQLite has no expression GIN index; there the plain LIKE runs as before.
"""

from django.db import migrations, models

INDEXES = [
    ("employee_name_chars_gin",
     "CREATE INDEX IF NOT EXISTS employee_name_chars_gin ON org_employee "
     "USING gin (string_to_array(UPPER(name), NULL))"),
    ("employee_number_upper_prefix",
     "CREATE INDEX IF NOT EXISTS employee_number_upper_prefix ON org_employee "
     "(UPPER(employee_number) text_pattern_ops)"),
    ("orgunit_company_path_prefix",
     "CREATE INDEX IF NOT EXISTS orgunit_company_path_prefix ON org_orgunit "
     "(company_id, path varchar_pattern_ops)"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _name, sql in INDEXES:
        schema_editor.execute(sql)
    # Statistics of the new expressions, or the planner guesses the name search's selectivity
    # (0.5 % for every character, where 张 is 9 % of the demo's names) and picks a bad plan.
    schema_editor.execute("ANALYZE org_employee, org_orgunit")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _sql in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("org", "0006_employee_number_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["org_unit", "company", "id"], name="employee_unit_company_idx"),
        ),
        migrations.RunPython(create, drop),
    ]
