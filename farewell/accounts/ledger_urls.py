from django.urls import path

from . import views_ledger as views

app_name = "ledger"

urlpatterns = [
    path("", views.entries, name="entries"),
    path("verify/", views.verify, name="verify"),
    path("export.<str:fmt>", views.export, name="export"),
]
