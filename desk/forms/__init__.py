"""The desk's forms, one module per concept: the claim form (`claim`), its evidence rows (`evidence`), the
reporting chain (`chain`), the speaker page (`speakers`), outlets (`outlets`), a fact-check's revision
(`revision`) and what they share (`common`). They only read and check input; services write it."""

from .common import DATE_INPUT, BLANK, language_picker, language_hint, resolve_speaker, resolve_source, move_hidden_errors
from .claim import ClaimForm, NewSpeakerForm
from .evidence import EvidenceRowForm, BaseEvidenceFormSet, evidence_formset, SourceFileForm
from .chain import HopRowForm, HOP_FIELD_FOR_ERROR, BaseHopFormSet, hop_formset
from .speakers import RoleForm, IdentifierForm, SpeakerRowsFormSet, speaker_formsets
from .outlets import OutletForm
from .revision import RevisionForm

__all__ = [
    "DATE_INPUT",
    "BLANK",
    "language_picker",
    "language_hint",
    "resolve_speaker",
    "resolve_source",
    "move_hidden_errors",
    "ClaimForm",
    "NewSpeakerForm",
    "EvidenceRowForm",
    "BaseEvidenceFormSet",
    "evidence_formset",
    "SourceFileForm",
    "HopRowForm",
    "HOP_FIELD_FOR_ERROR",
    "BaseHopFormSet",
    "hop_formset",
    "RoleForm",
    "IdentifierForm",
    "SpeakerRowsFormSet",
    "speaker_formsets",
    "OutletForm",
    "RevisionForm",
]
