from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "farewell.common"
    label = "common"
    verbose_name = "Common"

    def ready(self):
        from django.utils.autoreload import file_changed

        from . import language_caches

        # A changed catalogue in development: the texts kept per language go with Django's own translations.
        file_changed.connect(language_caches.catalogue_changed, dispatch_uid="common.language_caches")
