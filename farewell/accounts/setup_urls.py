from django.urls import path

from . import views_setup

urlpatterns = [
    path("", views_setup.setup, name="setup"),
]
