from django.urls import path

from . import views_settings

app_name = "settings"

urlpatterns = [
    path("", views_settings.index, name="index"),
    path("wages/", views_settings.local_wages, name="local_wages"),
]
