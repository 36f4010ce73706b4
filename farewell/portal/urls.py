from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("resign/", views.give_notice, name="give_notice"),
    path("negotiate/", views.negotiate, name="negotiate"),
    path("messages/", views.send_message, name="send_message"),
    path("confirm/", views.confirm, name="confirm"),
    path("demand/", views.demand, name="demand"),
    path("copy/", views.my_copy, name="my_copy"),
    path("documents/<uuid:code>/", views.my_document, name="my_document"),
    path("receipt.<str:fmt>", views.receipt, name="receipt"),
    path("copy/<uuid:case_code>/", views.case_copy, name="case_copy"),
    path("cases/<uuid:case_code>/receipt.<str:fmt>", views.case_receipt, name="case_receipt"),
    path("explanations/", views.explanations, name="explanations"),
    path("explanations/request/", views.request_explanation, name="request_explanation"),
]
