"""One list of editable claim fields, one of evidence fields: every surface that writes or exports them follows it.

Adding a plain claim field then means the model, its migration, `claims.fields`, the templates
that show it, the translations and a test; these tests fail if any surface keeps its own list.
"""

import csv
import io

from django.contrib.admin import site

from api.serializers import ClaimSerializer, ClaimWriteSerializer, EvidenceInputSerializer, EvidenceSerializer
from claims import services
from claims.admin import ClaimAdmin, EvidenceInline
from claims.fields import CLAIM_FIELDS, CLAIM_TAGS, EVIDENCE_FIELDS
from claims.models import Claim, Evidence
from desk.exports import COLUMNS, csv_rows
from desk.forms import ClaimForm, EvidenceRowForm

CLAIM_EDITABLE = [*CLAIM_FIELDS, CLAIM_TAGS]


def editable_model_fields(model, *, set_by_parent=()):
    """Fields a person may write, as the model declares them (`editable=False` marks the workflow's)."""
    return {
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and field.editable
        and not getattr(field, "auto_now_add", False)
        and field.name not in set_by_parent
    }


def test_it_lists_every_editable_claim_field_of_the_model_once():
    assert len(set(CLAIM_EDITABLE)) == len(CLAIM_EDITABLE)
    assert set(CLAIM_EDITABLE) == editable_model_fields(Claim)


def test_it_builds_the_desk_form_the_api_the_admin_and_the_csv_from_the_one_claim_list():
    assert list(ClaimForm._meta.fields) == CLAIM_EDITABLE
    assert list(ClaimWriteSerializer().fields) == CLAIM_EDITABLE
    assert [name for name in ClaimSerializer().fields if name in CLAIM_EDITABLE] == CLAIM_EDITABLE
    assert services.EDITABLE_FIELDS == CLAIM_FIELDS

    admin = ClaimAdmin(Claim, site)
    shown = [name for _title, options in admin.fieldsets for name in options["fields"]]
    assert [name for name in shown if name not in admin.readonly_fields and name != "expected_version"] == CLAIM_EDITABLE

    header = next(csv.reader(io.StringIO("".join(csv_rows([])).lstrip("\ufeff"))))
    assert [name for name in header if name in CLAIM_EDITABLE] == CLAIM_EDITABLE
    assert header == [name for name, _cell in COLUMNS]


def test_it_builds_every_evidence_surface_from_the_one_evidence_list():
    assert set(EVIDENCE_FIELDS) == editable_model_fields(Evidence, set_by_parent={"claim"})
    assert list(EvidenceRowForm._meta.fields) == list(EVIDENCE_FIELDS)
    assert set(EVIDENCE_FIELDS) <= set(EvidenceRowForm.base_fields)
    assert list(EvidenceInputSerializer().fields) == list(EVIDENCE_FIELDS)
    assert [name for name in EvidenceSerializer().fields if name in EVIDENCE_FIELDS] == list(EVIDENCE_FIELDS)
    assert [name for name in EvidenceInline.fields if name in EVIDENCE_FIELDS] == list(EVIDENCE_FIELDS)
