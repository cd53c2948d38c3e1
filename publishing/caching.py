"""Public pages are the same for every reader of a language, so shared caches may keep them.

- `ETag` from the page's content: a reader's cache revalidates and gets a 304 with no body;
- `Cache-Control: public` with `max-age` = PUBLIC_CACHE_SECONDS; when that is above zero the
  page is also kept in Django's cache (Redis when REDIS_URL is set) for that long, under a key
  that holds the last public change (`selectors.last_public_change`, one read of at most three
  index rows): a publication, correction, retraction or edit of a public claim is served at once
  by every app server; a change that touches no claim (a speaker's own page after a rename in the
  admin: a fact-check shows its speaker as published, `claims.speakers.speaker_as_published`) within
  that many seconds;
- `Vary: Accept-Language, Cookie`: the language comes from either, and a cached copy is never
  served to a reader with other cookies. Public templates never read the user or the session,
  and carry no CSRF token, so a cached page holds nothing personal.
"""

import hashlib
from calendar import timegm
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page

from factcheck.accounts import client_ip
from tips.limits import address_wait

from . import selectors

_conditional = ConditionalGetMiddleware(get_response=lambda request: None)


def _stamp(latest, count: int) -> str:
    return f"{latest.isoformat() if latest else '-'}|{count}"


def public_stamp() -> str:
    """What moves with every change readers of a fact-check must see (the key of anything cached for them)."""
    return _stamp(*selectors.last_public_change())


def _public_prefix() -> str:
    """The page cache's key prefix."""
    return "public:" + hashlib.sha256(public_stamp().encode()).hexdigest()[:16]


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
            response = cache_page(seconds, key_prefix=_public_prefix())(headed)(request, *args, **kwargs)
        else:
            response = headed(request, *args, **kwargs)
        # Outside the page cache, so a 304 is answered per request and never stored.
        return _conditional.process_response(request, response)

    return wrapped


def public_export(view):
    """Feeds and exports: throttled per client address, answered from a cache keyed on the last
    publication change, and revalidated with an ETag/Last-Modified that change only then.

    They rebuild every standing fact-check, so without this each fetch would cost a full build.
    - Over `PUBLIC_EXPORT_RATE` (e.g. "60/minute") per address, counted in the database so every
      worker shares the count (`tips.limits.address_wait`): 429 with Retry-After.
    - `If-None-Match`/`If-Modified-Since` still current: 304, without building anything.
    - Otherwise the built response is kept in Django's cache (per process without Redis) for
      `PUBLIC_EXPORT_CACHE_SECONDS`, keyed on (path, language, last change): a publish,
      correction or retraction is seen at once (a speaker's rename reaches these only through a
      published revision, which is one).
    """
    headed = public_page(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        # Counted in the database (`tips.limits`): a per-process cache would let each worker through.
        wait = address_wait(scope="public_export", address=client_ip(request) or "", rate=settings.PUBLIC_EXPORT_RATE)
        if wait is not None:
            response = HttpResponse(
                _("Too many requests for the public feeds and exports from your address. Try again in %(seconds)s seconds.")
                % {"seconds": wait},
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(wait)
            return response

        latest, count = selectors.last_public_change()
        language = get_language() or ""
        # The query is part of the key: `?since=` asks for another body.
        stamp = f"{request.get_full_path()}|{language}|{_stamp(latest, count)}"
        etag = quote_etag(hashlib.sha256(stamp.encode()).hexdigest()[:32])
        last_modified = timegm(latest.utctimetuple()) if latest else None
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            patch_vary_headers(not_modified, ("Accept-Language", "Cookie"))
            return not_modified

        key = "public_export:" + hashlib.sha256(stamp.encode()).hexdigest()
        response = cache.get(key)
        if response is None:
            response = headed(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(key, response, settings.PUBLIC_EXPORT_CACHE_SECONDS)
        if response.status_code == 200:
            response["ETag"] = etag
            if last_modified is not None:
                response["Last-Modified"] = http_date(last_modified)
        return response

    return wrapped
