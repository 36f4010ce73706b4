"""A mapping's column indexes are bounded by the file's columns, also for a job whose preview kept no headers
(one uploaded before previews were kept): the error names the field."""

from __future__ import annotations

import pytest

from farewell.common.models import Job
from farewell.records import import_jobs

from .test_views import _login, _upload


def _old_job(client, world, files) -> Job:
    """A wages job at the mapping stage as one uploaded before the preview was kept on the job."""
    _login(client, world, "hr_admin")
    _upload(client, files.csv([["工号", "月份", "基本工资", "应发合计"],
                               [world.lisi.employee_number, "2025-03", "9000", "9000"]]), kind="wages")
    job = Job.objects.get()
    job.result = {k: v for k, v in job.result.items() if k != "preview"}
    job.save(update_fields=["result"])
    return job


@pytest.mark.parametrize("index", [4, 2147483647])
def test_an_old_job_reads_its_width_from_the_file(client, world, files, index):
    job = _old_job(client, world, files)
    with pytest.raises(import_jobs.ImportJobError) as refused:
        import_jobs.clean_mapping(job, {"base": index})
    assert str(refused.value) == f"基本工资：“{index}” 不是文件中的列号" and refused.value.field == "mapping"
    assert import_jobs.clean_mapping(job, {"base": 3})["base"] == 3


def test_a_job_whose_file_cannot_be_read_is_bounded_by_excels_columns(client, world, files, settings, tmp_path):
    job = _old_job(client, world, files)
    settings.MEDIA_ROOT = str(tmp_path / "elsewhere")  # the upload is gone: no headers at all
    with pytest.raises(import_jobs.ImportJobError, match="基本工资：“2147483647” 不是文件中的列号"):
        import_jobs.clean_mapping(job, {"base": 2147483647})
    with pytest.raises(import_jobs.ImportJobError, match="“16384”"):
        import_jobs.clean_mapping(job, {"base": import_jobs.MAX_COLUMNS})
    assert import_jobs.clean_mapping(job, {"base": import_jobs.MAX_COLUMNS - 1})["base"] == 16383


def test_the_page_names_the_field(client, world, files):
    job = _old_job(client, world, files)
    post = {f"map-{f}": "" if i is None else str(i) for f, i in job.result["mapping"].items()}
    post["map-base"] = "2147483647"
    page = client.post(f"/records/import/{job.code}/confirm/", post, follow=True).content.decode()
    assert "基本工资：“2147483647” 不是文件中的列号" in page
    assert not world.lisi.wages.exists()
