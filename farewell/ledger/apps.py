from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "farewell.ledger"
    label = "ledger"
    verbose_name = "Ledger"
