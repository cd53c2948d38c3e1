from django.dispatch import Signal

# Sent after commit of every workflow step, with claim_id, entry (AuditEntry)
# and transition (reviews.workflow.Transition). Receivers only notify people;
# they never change the claim. (Questions the workflow needs answered are
# hooks, not signals: see `reviews.hooks`.)
claim_transitioned = Signal()
