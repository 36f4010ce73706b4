from django.urls import path

from . import views, views_people, views_picker

app_name = "org"

urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("export.xlsx", views.employee_export, name="employee_export"),
    path("new/", views_people.employee_create, name="employee_create"),
    path("units/pick/", views_picker.unit_picker, name="unit_picker"),
    path("<uuid:code>/", views.employee_detail, name="employee_detail"),
    path("<uuid:code>/edit/", views_people.employee_edit, name="employee_edit"),
    path("<uuid:code>/status/", views_people.employee_status, name="employee_status"),
    path("<uuid:code>/contracts/", views_people.employee_contracts, name="employee_contracts"),
    path("<uuid:code>/contracts/<int:contract_id>/renew/", views_people.contract_renew, name="contract_renew"),
    path("<uuid:code>/contracts/<int:contract_id>/end/", views_people.contract_end, name="contract_end"),
    path("<uuid:code>/wages/", views_people.employee_wages, name="employee_wages"),
    path("<uuid:code>/status-periods/", views_people.status_periods, name="status_periods"),
    path(
        "<uuid:code>/status-periods/<int:period_id>/end/", views_people.status_period_end, name="status_period_end"
    ),
    path("<uuid:code>/reveal/<str:field>/", views.employee_reveal, name="employee_reveal"),
    path(
        "<uuid:code>/status-periods/<int:period_id>/reveal/",
        views.status_period_reveal,
        name="status_period_reveal",
    ),
]
