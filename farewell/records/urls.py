from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("", views.import_index, name="import_index"),
    path("templates/<slug:kind>.xlsx", views.template_download, name="template"),
    path("export/<slug:kind>.xlsx", views.export, name="export"),
    path("import/", views.upload, name="upload"),
    path("import/<uuid:code>/", views.job_detail, name="job"),
    path("import/<uuid:code>/progress/", views.job_progress, name="job_progress"),
    path("import/<uuid:code>/confirm/", views.confirm, name="confirm"),
    path("metrics/", views.metric_list, name="metrics"),
    path("metrics/<slug:code>/deactivate/", views.metric_deactivate, name="metric_deactivate"),
]
