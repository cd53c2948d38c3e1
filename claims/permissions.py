"""Django permissions that make up the desk roles, as constants.

One constant per permission, so a typo is an ImportError rather than a silent
`False`. The roles (groups) that hold them are defined in `reviews.roles`.
"""

PERM_VIEW = "claims.view_claim"
PERM_ADD = "claims.add_claim"
PERM_EDIT = "claims.change_claim"
PERM_EVIDENCE = "claims.add_evidence"
PERM_ADD_SPEAKER = "claims.add_speaker"
PERM_ADD_SOURCE = "claims.add_source"
PERM_SUBMIT = "claims.submit_claim"
PERM_REVIEW = "claims.review_claim"
PERM_APPROVE = "claims.approve_verdict"
PERM_PUBLISH = "claims.publish_claim"
PERM_ASSIGN = "claims.assign_reviewer"
PERM_MERGE_SPEAKER = "claims.merge_speaker"
# Article intake: take an article in and create its draft claims, sources and speakers. Editors
# hold it with PERM_ADD; chief editors hold it without (they take articles in, not write claims).
PERM_TAKE_IN = "claims.take_in_article"
