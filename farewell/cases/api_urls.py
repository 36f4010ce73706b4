from django.urls import path

from .api import LawComputeView

urlpatterns = [
    path("law/compute", LawComputeView.as_view(), name="law_compute"),
]
