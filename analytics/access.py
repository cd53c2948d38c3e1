"""Who may read the desk's figures: chief editors and admins (one rule for the page, its CSV and the API)."""

from django.utils.translation import gettext as _

from factcheck.errors import NotAllowed

# Chief editors decide verdicts; the figures judge everyone's work, so they are theirs (and admins').
PERM_ANALYTICS = "claims.approve_verdict"


def can_view_analytics(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_perm(PERM_ANALYTICS)))


def require_analytics_access(user) -> None:
    """Refuse anyone but chief editors and admins, saying who can help."""
    if not can_view_analytics(user):
        raise NotAllowed(
            _(
                "Desk analytics are for chief editors and admins. Ask a chief editor for the figures you need, "
                "or an admin for the Chief editor role."
            ),
            rule="analytics_role",
        )
