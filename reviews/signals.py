from django.dispatch import Signal

# Sent after commit of every workflow step, with claim_id, entry (AuditEntry)
# and transition (reviews.workflow.Transition). Receivers only notify people;
# they never change the claim.
claim_transitioned = Signal()

# Sent inside `approve_verdict` (before anything is written) with claim and
# verdict. A receiver returns how many discussion threads on the claim are
# still open (the comments app answers); if any are, approval needs
# `confirm_open_threads=True`, and the audit entry records the confirmation.
approval_open_threads = Signal()
