from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Central Asian diplomacy"

    def ready(self):
        from . import changes
        from .cache import connect_signals
        from .permissions import ensure_curators_group
        from .search import connect_signals as connect_search_signals

        connect_signals()
        changes.connect_signals()
        connect_search_signals()

        # After migrate, so that permissions for models added later are granted too.
        post_migrate.connect(ensure_curators_group, sender=self, dispatch_uid="events.ensure_curators_group")
