from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The editors' web UI: dashboard, claim pages and form, workflow buttons, directories, CSV export."""

    name = "desk"
    verbose_name = _("Desk")
