from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("export.xlsx", views.employee_export, name="employee_export"),
    path("<uuid:code>/", views.employee_detail, name="employee_detail"),
    path("<uuid:code>/reveal/<str:field>/", views.employee_reveal, name="employee_reveal"),
    path(
        "<uuid:code>/status-periods/<int:period_id>/reveal/",
        views.status_period_reveal,
        name="status_period_reveal",
    ),
]
