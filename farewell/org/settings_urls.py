from django.urls import path

from . import views_holidays, views_settings, views_tree

app_name = "settings"

urlpatterns = [
    path("", views_settings.index, name="index"),
    path("wages/", views_settings.local_wages, name="local_wages"),
    path("wages/<int:pk>/", views_settings.local_wage_edit, name="local_wage_edit"),
    path("holidays/", views_holidays.holiday_list, name="holidays"),
    path("holidays/<int:pk>/", views_holidays.holiday_edit, name="holiday_edit"),
    path("holidays/<int:pk>/delete/", views_holidays.holiday_delete, name="holiday_delete"),
    path("org/", views_tree.org_tree, name="org_tree"),
    path("org/<int:unit_id>/", views_tree.org_unit, name="org_unit"),
    path("org/<int:unit_id>/rename/", views_tree.unit_rename, name="unit_rename"),
    path("org/<int:unit_id>/move/", views_tree.unit_move, name="unit_move"),
    path("org/<int:unit_id>/head/", views_tree.unit_head, name="unit_head"),
    path("org/<int:unit_id>/delete/", views_tree.unit_delete, name="unit_delete"),
    path("positions/", views_tree.positions, name="positions"),
    path("positions/<int:position_id>/", views_tree.position_edit, name="position_edit"),
]
