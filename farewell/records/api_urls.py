"""/api/records/, /api/imports/ and /api/settings/metrics/ (included from farewell/urls.py)."""

from django.urls import path

from . import api, api_jobs, api_settings

urlpatterns = [
    path("imports/", api_jobs.ImportJobList.as_view(), name="api_import_jobs"),
    path("imports/kinds/", api_jobs.ImportKinds.as_view(), name="api_import_kinds"),
    path("imports/templates/<slug:kind>/", api_jobs.ImportTemplate.as_view(), name="api_import_template"),
    path("imports/<uuid:code>/", api_jobs.ImportJobDetail.as_view(), name="api_import_job"),
    path("imports/<uuid:code>/confirm/", api_jobs.ImportJobConfirm.as_view(), name="api_import_job_confirm"),
    path("imports/<uuid:code>/progress/", api_jobs.ImportJobProgress.as_view(), name="api_import_job_progress"),
    path("exports/records/<slug:kind>/", api_jobs.RecordExport.as_view(), name="api_record_export"),
    path("settings/metrics/", api_settings.MetricCatalogue.as_view(), name="api_metrics"),
    path("settings/metrics/<slug:code>/deactivate/", api_settings.MetricDeactivate.as_view(),
         name="api_metric_deactivate"),
]
# One list and one detail per record kind: each has its own schema (fields, filters).
for _kind, (_list, _detail) in api.RECORD_VIEWS.items():
    urlpatterns += [
        path(f"records/{_kind}/", _list.as_view(), name=f"api_records_{_kind}"),
        path(f"records/{_kind}/<int:pk>/", _detail.as_view(), name=f"api_record_{_kind}"),
    ]
