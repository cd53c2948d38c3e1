from django.dispatch import Signal

# Sent after a reader's tip committed, with tip_id. For notices only (webhooks): receivers never
# change the tip, and they are given its id, never the reader's address.
tip_received = Signal()
