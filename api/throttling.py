from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonReadThrottle(AnonRateThrottle):
    """Anonymous readers share `settings.API_ANON_RATE` (e.g. "120/minute") per client address."""

    def get_rate(self):
        return getattr(settings, "API_ANON_RATE", None) or super().get_rate()
