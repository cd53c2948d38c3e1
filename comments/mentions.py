"""@mentions in comment text: which desk users a comment names.

A mention is `@` followed by a username (Django's username characters), not
preceded by a word character, so `desk@example.org` is not one. Only existing
active usernames count: `@NHK_PR` quoted from a social media post is text, not
a mention. Whether a named user may *hear* about it is decided by the caller
(`can_view_claim`), never here.
"""

import re

from django.contrib.auth import get_user_model

MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]{1,150})")


def mentioned_usernames(text):
    """The usernames written as @mentions in `text`, in order, without duplicates."""
    names = []
    for match in MENTION.finditer(text or ""):
        # A sentence may end right after a mention: "ask @rita."
        name = match.group(1).rstrip(".@+-")
        if name and name not in names:
            names.append(name)
    return names


def mentioned_users(text):
    """The active users named in `text` (unknown names are ignored), ordered by username."""
    names = mentioned_usernames(text)
    if not names:
        return []
    User = get_user_model()
    return list(User.objects.filter(**{f"{User.USERNAME_FIELD}__in": names}, is_active=True).order_by(User.USERNAME_FIELD))
