"""Public pages are the same for every reader of a language, so shared caches may keep them.

- `ETag` from the page's content: a reader's cache revalidates and gets a 304 with no body;
- `Cache-Control: public` with `max-age` = PUBLIC_CACHE_SECONDS; when that is above zero the
  page is also kept in Django's cache (Redis when REDIS_URL is set) for that long;
- `Vary: Accept-Language, Cookie`: the language comes from either, and a cached copy is never
  served to a reader with other cookies. Public templates never read the user or the session,
  and carry no CSRF token, so a cached page holds nothing personal.
"""

from functools import wraps

from django.conf import settings
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.cache import cache_page

_conditional = ConditionalGetMiddleware(get_response=lambda request: None)


def public_page(view):
    @wraps(view)
    def headed(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            seconds = settings.PUBLIC_CACHE_SECONDS
            if seconds > 0:
                patch_cache_control(response, public=True, max_age=seconds)
            else:
                patch_cache_control(response, public=True, no_cache=True)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = settings.PUBLIC_CACHE_SECONDS
        if seconds > 0:
            response = cache_page(seconds, key_prefix="public")(headed)(request, *args, **kwargs)
        else:
            response = headed(request, *args, **kwargs)
        # Outside the page cache, so a 304 is answered per request and never stored.
        return _conditional.process_response(request, response)

    return wrapped
