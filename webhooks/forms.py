from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Delivery, Endpoint, Event


class EndpointForm(forms.Form):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(label=_("Events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    @classmethod
    def of(cls, endpoint: Endpoint) -> "EndpointForm":
        return cls(initial={"url": endpoint.url, "description": endpoint.description, "events": endpoint.events, "active": endpoint.active})


class DeliveryFilter(forms.Form):
    endpoint = forms.ModelChoiceField(label=_("Endpoint"), queryset=Endpoint.objects.all(), required=False)
    event = forms.ChoiceField(label=_("Event"), choices=[("", _("Any"))] + list(Event.choices), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any"))] + list(Delivery.Status.choices), required=False)
