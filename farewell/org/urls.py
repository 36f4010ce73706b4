from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("<uuid:code>/", views.employee_detail, name="employee_detail"),
]
