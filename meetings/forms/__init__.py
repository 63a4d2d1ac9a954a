"""Forms of the meetings pages. Choices are narrowed to what the user may see and what makes
sense for the meeting (declared empty, filled in __init__); dates are typed dd/mm/yyyy."""

from .common import UnitChoiceField, UnitMultipleChoiceField, date_field, unit_queryset
from .meeting import KhoiCheckboxes, MeetingForm, khoi_spans
from .outcome import (
    PROPOSAL_RECIPIENTS,
    SIGNING_AUTHORITIES,
    ConclusionForm,
    FindingForm,
    FindingFormSet,
    ProposalForm,
    ProposalFormSet,
    ReportForm,
    RowChoices,
    RowForm,
    RowFormSet,
    TaskItemForm,
    TaskItemFormSet,
    finding_initial,
    proposal_initial,
    task_item_initial,
)

__all__ = [
    "PROPOSAL_RECIPIENTS",
    "SIGNING_AUTHORITIES",
    "ConclusionForm",
    "FindingForm",
    "FindingFormSet",
    "KhoiCheckboxes",
    "MeetingForm",
    "ProposalForm",
    "ProposalFormSet",
    "ReportForm",
    "RowChoices",
    "RowForm",
    "RowFormSet",
    "TaskItemForm",
    "TaskItemFormSet",
    "UnitChoiceField",
    "UnitMultipleChoiceField",
    "date_field",
    "finding_initial",
    "khoi_spans",
    "proposal_initial",
    "task_item_initial",
    "unit_queryset",
]
