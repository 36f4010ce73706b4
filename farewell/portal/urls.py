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
]
