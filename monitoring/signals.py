from django.dispatch import Signal

# Sent after a new repeat alert committed, with alert_id (monitoring.RepeatAlert). For notices only
# (webhooks sit above monitoring and listen); a receiver never changes the alert.
repeat_detected = Signal()
