"""Every service that writes refuses an unauthorised `by` on its own, with no view in front of it.

The services come from organizations.access.SERVICES, which the @service decorator fills: a new
service has no case below and `test_every_service_has_a_case` fails until one is written. Every
public function of an app's services module is either such a service or listed in NOT_WRITING, so
a service that forgets the decorator fails `test_every_public_function_is_declared`.

For each service, every persona the access rules do not allow (the Ban's roles, both units'
liaisons, an inactive staff member, an anonymous visitor, the system) is refused with
PermissionDenied and the database is left exactly as it was.
"""

import datetime
import importlib
import inspect

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from api.models import ApiKey
from organizations.access import SERVICES, SYSTEM, may
from organizations.models import Field, KhoiMembership, OrganizationAlias, OrganizationChange
from reports import times
from reports.models import ProvinceTime
from tests.agreements.factories import AgreementFactory, AgreementReviewFactory, basis_238
from tests.api.factories import api_key
from tests.assignments.factories import TaskFactory
from tests.assignments.helpers import pdf
from tests.directives.factories import DirectiveAttachmentFactory, DirectiveFactory, ReviewMilestoneFactory
from tests.factories import OrganizationFactory, UserFactory
from tests.meetings.factories import (
    ConclusionFactory,
    MeetingAttachmentFactory,
    MeetingFactory,
    MeetingReportFactory,
)
from tests.reports.factories import ReportFactory
from tests.signatures.factories import signed_document

DAY = datetime.date(2026, 6, 1)

# Public functions of services modules that are not a caller's write, each with why:
NOT_WRITING = {
    # checks the services run, which the admin's forms also run to show the reason on a field
    "organizations.services.change_check",
    "organizations.services.field_check",
    "organizations.services.membership_check",
    "organizations.services.organization_check",
    "organizations.services.user_check",
    "organizations.services.province_check",
    "organizations.services.decision_check",
    # the unchecked core of task_create, for services that authorized their own caller
    "assignments.services.create_task",
    # read only
    "assignments.services.ignored_fields",
    "assignments.services.update_role",
    "directives.services.directive_import_preview",
    "reports.services.final_name",
    # the register's numbering, called by the approving service that authorized its caller
    "outgoing.services.number_take",
    "outgoing.services.printed",
    # the worker's own steps on a job a caller's service created (report_request): they take an
    # id and no caller, and are reached from Celery and commands only
    "reports.services.report_enqueue",
    "reports.services.report_render",
    "reports.services.report_schedule_run",
    "reports.services.report_sweep",
    # the issuing of a document by the service that authorized its caller (conclusion_approve, the
    # report job), the sealing job's own steps, and reading
    "signatures.services.notice_issue",
    "signatures.services.report_issue",
    "signatures.services.document_enqueue",
    "signatures.services.document_process",
    "signatures.services.document_sweep",
    "signatures.services.document_notify_failure",
    "signatures.services.verify_signed_upload",
    "signatures.services.notice_document",
    "signatures.services.issued_name",
    "signatures.services.signed_name",
    # the API keys' check (the admin's form runs it too) and the drawing of a secret
    "api.services.api_key_check",
    "api.services.new_token",
    # notices: the jobs' own steps (the portal telling people; a notice only about what its
    # recipient may see) and reading
    "notices.services.absolute_url",
    "notices.services.mail_queue",
    "notices.services.send_enqueue",
    "notices.services.mail_send_due",
    "notices.services.preference_of",
    "notices.services.notify",
    "notices.services.digest_send_daily",
}


def _service_modules():
    for config in apps.get_app_configs():
        try:
            yield importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.services":
                raise


def _reminders():
    from django_celery_beat.models import PeriodicTask

    return PeriodicTask.objects.get(task="reports.daily_reminders")


def _unit_b_meeting(w, **kwargs):
    return MeetingFactory(invited=[w["org_b"]], organizer=w["ban"], **kwargs)


def _concluded(w):
    meeting = _unit_b_meeting(w, status="concluded")
    ConclusionFactory(meeting=meeting, status="approved", text="Kết luận")
    return meeting


def _notice_of(user):
    from notices.models import Notice

    return Notice.objects.create(recipient=user, kind="due_soon", path="/nhiem-vu/", text="x", key="k")


def _liaison_request(w):
    from organizations.models import LiaisonRequest

    head = UserFactory(username="head_b", role="unit_head", organization=w["org_b"])
    return LiaisonRequest.objects.create(
        organization=w["org_b"],
        kind="add",
        full_name="Nguyễn Văn An",
        email="an@so-b.example",
        requested_by=head,
    )


def _import_job(w):
    from directives.models import DirectiveImport

    return DirectiveImport.objects.create(
        requested_by=w["admin"],
        file_name="x.xlsx",
        file_format="xlsx",
        file_sha256="0" * 64,
        file_size=1,
        status=DirectiveImport.Status.PARSED,
        preview={"is_valid": True},
    )


# service name -> builder of its keyword arguments (all but `by`), about unit B's objects.
CASES = {
    "assignments.services.task_create": lambda w: {
        "title": "Nhiệm vụ",
        "lead": w["org_b"],
        "due_on": DAY,
        "directive": DirectiveFactory(),
    },
    "assignments.services.task_create_for_leads": lambda w: {
        "leads": [w["org_b"]],
        "title": "Nhiệm vụ",
        "due_on": DAY,
        "directive": DirectiveFactory(),
    },
    "assignments.services.task_update": lambda w: {
        "task": TaskFactory(lead=w["org_b"]),
        "version": 1,
        "cooperating": [],
        "title": "Sửa",
    },
    "assignments.services.task_cancel": lambda w: {"task": TaskFactory(lead=w["org_b"])},
    "assignments.services.task_reopen": lambda w: {"task": TaskFactory(lead=w["org_b"], cancelled_on=DAY)},
    "assignments.services.task_report_progress": lambda w: {
        "task": TaskFactory(lead=w["org_b"]),
        "text": "Tiến độ",
    },
    "assignments.services.task_attach": lambda w: {"task": TaskFactory(lead=w["org_b"]), "files": [pdf()]},
    "agreements.services.agreement_create": lambda w: {
        "partners": [w["org_b"]],
        "title": "Chương trình",
        "basis": basis_238(),
        "ban": w["ban"],
        "starts_on": DAY,
        "ends_on": DAY,
    },
    "agreements.services.agreement_update": lambda w: {
        "agreement": AgreementFactory(partners=[w["org_b"]]),
        "version": 1,
        "partners": [w["org_b"]],
        "title": "Sửa",
    },
    "agreements.services.agreement_attach": lambda w: {
        "agreement": AgreementFactory(partners=[w["org_b"]]),
        "files": [pdf()],
    },
    "agreements.services.agreement_review_create": lambda w: {
        "agreement": AgreementFactory(partners=[w["org_b"]]),
        "period": "2026-Y",
        "result": "Kết quả",
    },
    "agreements.services.agreement_review_update": lambda w: {
        "review": AgreementReviewFactory(agreement=AgreementFactory(partners=[w["org_b"]])),
        "period": "2026-Y",
        "result": "Kết quả",
    },
    "directives.services.directive_create": lambda w: {
        "sequence": 9,
        "type_abbreviation": "HD",
        "issuer_symbol": "BTGTW",
        "doc_type": "huong_dan",
        "issuing_body": DirectiveFactory().issuing_body,
        "issued_on": DAY,
    },
    "directives.services.directive_update": lambda w: {
        "directive": TaskFactory(lead=w["org_b"]).directive,
        "version": 1,
        "signer": "Ai đó",
    },
    "directives.services.directive_attach": lambda w: {
        "directive": TaskFactory(lead=w["org_b"]).directive,
        "files": [pdf()],
    },
    "directives.services.directive_attachment_delete": lambda w: {
        "attachment": DirectiveAttachmentFactory(
            directive=TaskFactory(lead=w["org_b"]).directive, uploaded_by=w["staff"]
        )
    },
    "directives.services.directive_import_apply": lambda w: {
        "path": "/nonexistent.xlsx",
        "file_name": "x.xlsx",
    },
    "directives.services.directive_import_start": lambda w: {
        "upload": SimpleUploadedFile("x.csv", "Số hiệu,Ngày ban hành,Cơ quan ban hành\n".encode())
    },
    "directives.services.directive_import_confirm": lambda w: {"job": _import_job(w)},
    "directives.services.directive_import_cancel": lambda w: {"job": _import_job(w)},
    "directives.services.milestone_create": lambda w: {
        "directive": TaskFactory(lead=w["org_b"]).directive,
        "kind": "so_ket",
        "due_on": DAY,
    },
    "directives.services.milestone_update": lambda w: {
        "milestone": ReviewMilestoneFactory(directive=TaskFactory(lead=w["org_b"]).directive),
        "title": "Sơ kết",
    },
    "directives.services.milestone_delete": lambda w: {
        "milestone": ReviewMilestoneFactory(directive=TaskFactory(lead=w["org_b"]).directive)
    },
    "meetings.services.meeting_create": lambda w: {
        "period": "2026-Q1",
        "starts_at": datetime.datetime(2026, 4, 1, 8, tzinfo=datetime.UTC),
        "organizer": w["ban"],
        "invited": [w["org_b"]],
    },
    "meetings.services.meeting_update": lambda w: {
        "meeting": _unit_b_meeting(w),
        "version": 1,
        "place": "Nơi khác",
    },
    "meetings.services.meeting_report_save": lambda w: {
        "meeting": _unit_b_meeting(w),
        "organization": w["org_b"],
        "results": "Kết quả",
    },
    "meetings.services.meeting_outcome_save": lambda w: {
        "meeting": _unit_b_meeting(w),
        "version": 1,
        "conclusion": {"text": "Kết luận"},
    },
    "meetings.services.conclusion_approve": lambda w: {
        "meeting": ConclusionFactory(meeting=_unit_b_meeting(w), text="Kết luận").meeting
    },
    "meetings.services.meeting_reopen": lambda w: {"meeting": _concluded(w), "reason": "Sửa lại"},
    "meetings.services.meeting_attach": lambda w: {"meeting": _unit_b_meeting(w), "files": [pdf()]},
    "meetings.services.meeting_attachment_delete": lambda w: {
        "attachment": MeetingAttachmentFactory(
            meeting=(meeting := _unit_b_meeting(w)),
            report=MeetingReportFactory(meeting=meeting, organization=w["org_b"]),
            uploaded_by=w["staff"],
        )
    },
    "reports.services.report_request": lambda w: {"kind": "ban", "period": "2026-H1", "enqueue": False},
    "reports.services.report_retry": lambda w: {"report": ReportFactory(status="failed")},
    "reports.services.report_edit": lambda w: {
        "report": ReportFactory(stage="draft", status="ready"),
        "version": 1,
        "results_text": "Kết quả",
    },
    "reports.services.report_preview": lambda w: {"report": ReportFactory(stage="draft", status="ready")},
    "reports.services.report_submit": lambda w: {"report": ReportFactory(stage="draft", status="ready")},
    "reports.services.report_comment": lambda w: {
        "report": ReportFactory(stage="submitted", status="ready"),
        "text": "Ý kiến",
    },
    "reports.services.report_return": lambda w: {
        "report": ReportFactory(stage="submitted", status="ready"),
        "comment": "Sửa lại",
    },
    "reports.services.report_approve": lambda w: {"report": ReportFactory(stage="submitted", status="ready")},
    "reports.services.report_correct": lambda w: {
        "replaces": ReportFactory(stage="issued", status="ready", number="9-BC/BTGDVTU")
    },
    "signatures.services.document_sign_upload": lambda w: {
        "document": signed_document(unit=w["org_b"], status="unsigned"),
        "upload": pdf(),
    },
    "signatures.services.document_retry": lambda w: {
        "document": signed_document(unit=w["org_b"], status="failed")
    },
    "organizations.services.province_save": lambda w: {"province": w["ban"].province},
    "reports.times.province_time_save": lambda w: {"time": ProvinceTime(schedule=_reminders())},
    "reports.times.province_time_delete": lambda w: {
        "time": times.province_time_save(by=w["admin"], time=ProvinceTime(schedule=_reminders()))
    },
    "organizations.services.organization_save": lambda w: {"organization": w["org_b"]},
    "organizations.services.organization_delete": lambda w: {
        "organization": OrganizationFactory(code="so-xoa")
    },
    "organizations.services.alias_save": lambda w: {
        "alias": OrganizationAlias(organization=w["org_b"], name="Tên khác")
    },
    "organizations.services.alias_delete": lambda w: {
        "alias": OrganizationAlias.objects.create(organization=w["org_b"], name="Tên cũ")
    },
    "organizations.services.membership_save": lambda w: {
        "membership": KhoiMembership(organization=w["org_b"], valid_from=DAY)
    },
    "organizations.services.membership_delete": lambda w: {
        "membership": KhoiMembership.objects.create(organization=w["org_b"], valid_from=DAY)
    },
    "organizations.services.organization_change_save": lambda w: {
        "change": OrganizationChange(kind="rename", effective_on=DAY),
        "predecessors": [w["org_b"]],
        "successors": [],
    },
    "organizations.services.organization_change_delete": lambda w: {
        "change": OrganizationChange.objects.create(kind="rename", effective_on=DAY)
    },
    "organizations.services.field_save": lambda w: {"field": Field(code="moi", name="Mới")},
    "organizations.services.field_delete": lambda w: {"field": Field.objects.create(code="xoa", name="Xóa")},
    "organizations.services.user_save": lambda w: {"user": w["liaison_b"]},
    "organizations.services.user_delete": lambda w: {"user": UserFactory(username="se_xoa", role="staff")},
    # the invitation sent again: admins only, of the user's province
    "organizations.services.user_invite": lambda w: {"user": w["liaison_b"]},
    # a unit's liaisons: only unit B's head asks (none of these personas), an admin decides
    "organizations.services.liaison_request_add": lambda w: {
        "organization": w["org_b"],
        "full_name": "Nguyễn Văn An",
        "email": "an@so-b.example",
    },
    "organizations.services.liaison_request_withdraw": lambda w: {
        "organization": w["org_b"],
        "person": w["liaison_b"],
    },
    "organizations.services.liaison_request_confirm": lambda w: {"liaison_request": _liaison_request(w)},
    "organizations.services.liaison_request_refuse": lambda w: {
        "liaison_request": _liaison_request(w),
        "reason": "Không phù hợp",
    },
    "api.services.api_key_create": lambda w: {
        "key": ApiKey(
            name="Hệ thống KPI", organization=w["org_b"], expires_on=DAY + datetime.timedelta(days=400)
        )
    },
    "api.services.api_key_revoke": lambda w: {"key": api_key(organization=w["org_b"])[0]},
    # a notice and the notice settings are unit B's liaison's own: nobody else may touch them
    "notices.services.notice_open": lambda w: {"notice": _notice_of(w["liaison_b"])},
    "notices.services.notices_read_all": lambda w: {"user": w["liaison_b"]},
    "notices.services.preference_save": lambda w: {"user": w["liaison_b"], "mail": "every"},
}


def test_every_service_has_a_case():
    list(_service_modules())
    missing = sorted(set(SERVICES) - set(CASES))
    assert not missing, f"services without a case in {__file__}: {missing}"
    stale = sorted(set(CASES) - set(SERVICES))
    assert not stale, f"cases for functions that are no longer services: {stale}"


def test_every_public_function_is_declared():
    undeclared = []
    for module in _service_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            qualified = f"{module.__name__}.{name}"
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            if qualified not in SERVICES and qualified not in NOT_WRITING:
                undeclared.append(qualified)
    assert not undeclared, f"declare them with @organizations.access.service, or list them: {undeclared}"


def db_snapshot():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def world(personas, ban, org_a, org_b):
    inactive = UserFactory(username="inactive_staff", role="staff", organization=ban, is_active=False)
    return {
        **personas,
        "ban": ban,
        "org_a": org_a,
        "org_b": org_b,
        "inactive_staff": inactive,
        "anonymous": AnonymousUser(),
        "system": SYSTEM,
    }


VIEWERS = ("admin", "staff", "leader", "liaison_a", "liaison_b", "inactive_staff", "anonymous", "system")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_service_refuses_whoever_the_rules_do_not_allow(world, name):
    list(_service_modules())
    service, action = SERVICES[name]
    kwargs = CASES[name](world)
    target = service.target_of(kwargs)
    refused = [viewer for viewer in VIEWERS if not may(world[viewer], action, target)]
    # The roles that may never write anything are always among the refused.
    assert {"inactive_staff", "anonymous"} <= set(refused), refused
    assert "liaison_a" in refused, "unit A's liaison may not change unit B's records"
    for viewer in refused:
        before = db_snapshot()
        with pytest.raises(PermissionDenied):
            service(by=world[viewer], **kwargs)
        assert db_snapshot() == before, f"{viewer}: refused by {name} but the database changed"


@pytest.mark.django_db
def test_services_take_keyword_arguments_only(world):
    list(_service_modules())
    service, _action = SERVICES["assignments.services.task_cancel"]
    with pytest.raises(TypeError):
        service(TaskFactory(), world["staff"])
