from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "farewell.cases"
    label = "cases"
    verbose_name = "Separation cases"
