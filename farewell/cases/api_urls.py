from django.urls import path

from .api import CaseDetailView, CaseListView, CaseTransitionView, LawComputeView

urlpatterns = [
    path("law/compute", LawComputeView.as_view(), name="law_compute"),
    path("cases/", CaseListView.as_view(), name="api_case_list"),
    path("cases/<uuid:code>/", CaseDetailView.as_view(), name="api_case_detail"),
    path("cases/<uuid:code>/transition/", CaseTransitionView.as_view(), name="api_case_transition"),
]
