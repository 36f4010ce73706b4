from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("calculator/", views.calculator, name="calculator"),
]
