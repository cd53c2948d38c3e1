"""`get_FOO_display()` without translating every label of the field on each call.

Django's own builds `dict(make_hashable(field.flatchoices))` per call, and hashing a lazy label
translates it: a state badge cost ~10 gettext calls, ~190 badges and audit lines made ~1,000 per
dashboard (~15 % of its Python time at 100k claims). Comparing the stored value with each choice's
value finds the same label, translated once, in the active language.
"""

from django.forms.models import ModelChoiceIterator
from django.utils.encoding import force_str


class ChoiceLabels:
    """Model mixin (list it before `models.Model`): Django binds each field's `get_FOO_display` to
    `cls._get_FIELD_display` when the class is built, so it must be on the class, not patched later."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        for choice, label in field.flatchoices:
            if choice == value:
                return force_str(label, strings_only=True)
        return force_str(value, strings_only=True)


class ListedModelChoices(ModelChoiceIterator):
    """A `<select>` of a few model rows (ratings, reviewers) read in one plain query.

    Django's iterator reads them with `QuerySet.iterator()`, which on PostgreSQL opens a server-side
    cursor (DECLARE … WITH HOLD, FETCH, CLOSE): three round trips and a materialised copy for a menu
    of a dozen rows, on every list page. Set as a ModelChoiceField's `iterator`."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)
