from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The seed post and the demo desk: `load_seed`, `walk_seed`, `quickstart`."""

    name = "demo"
    verbose_name = "Demo data"
