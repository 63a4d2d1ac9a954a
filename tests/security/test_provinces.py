"""Two provinces on one installation (docs/architecture.md, "Provinces: the scope of every query").

Lai Châu gets its own Ban, units, people of every role and records; Khánh Hòa's people (the
personas, admin included) must not learn that any of it exists: its pages answer 404 (or 403),
and its titles appear in none of Khánh Hòa's lists, exports, admin changelists or API answers.
The central Ban's officer reads both provinces and changes nothing. The object pages are the
role matrix's own cases (tests/<app>/url_cases.py), built in Lai Châu.
"""

import io
import zipfile
from contextlib import contextmanager

import factory
import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse

from agreements import services as agreement_services
from assignments import services as task_services
from khoagiao.periods import Period
from khoagiao.scoping import everywhere, in_province
from organizations.models import Province
from tests.agreements.factories import AgreementFactory, AgreementReviewFactory
from tests.assignments.factories import TaskFactory, TaskUpdateFactory
from tests.core.test_anonymous import PUBLIC
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory, UserFactory
from tests.meetings.factories import MeetingFactory
from tests.reports.factories import ReportFactory
from tests.security.matrix import ROLES, World
from tests.security.test_url_matrix import CASES
from tests.security.test_url_matrix import COVERED as MATRIX
from tests.sign_in import sign_in

# The signed-out visitor's pages the matrix also checks (forgot password, the mailed link's page)
# are about no province's row: tests/organizations/test_passwords.py covers them.
COVERED = [name for name in MATRIX if name not in PUBLIC]

# In every title of Lai Châu's records: what must never reach a page of Khánh Hòa's people.
MARK = "LC4711"

# Pages about the signed-in person, not about a province's records.
OWN_ACCOUNT = {"password_change", "two_factor", "notices:preference", "notices:read_all"}
# A POST that reads only: "Kiểm tra văn bản" checks an uploaded file's signature and keeps nothing.
READS_ON_POST = {"signatures:verify"}


def snapshot():
    """Row counts of every table in every province: any write moves one of them."""
    with everywhere():
        counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    for noise in ("sessions.Session", "axes.AccessLog"):
        counts.pop(noise, None)
    return counts


@contextmanager
def built_in(province, world):
    """Where a case builds its objects: in `province`, its directives issued by that province's
    Ban. The factory's default issuer is a central body, whose directives every province shares
    (docs/architecture.md, "Provinces"): they are not another province's to hide."""
    declarations = DirectiveFactory._meta.pre_declarations
    patched = declarations.copy()
    patched.update({"issuing_body": factory.LazyFunction(lambda: world.ban)})
    DirectiveFactory._meta.pre_declarations = patched
    try:
        with in_province(province):
            yield
    finally:
        DirectiveFactory._meta.pre_declarations = declarations


@pytest.fixture
def lai_chau(db):
    return Province.objects.create(code="lai-chau", name="Lai Châu")


@pytest.fixture
def world_b(lai_chau, khoa_giao_fields):
    """Lai Châu: its Ban, two units (the same codes as Khánh Hòa's, allowed per province), one
    person of each role, and a directive, a meeting, a programme, a task with an update, a report."""
    with in_province(lai_chau):
        ban = OrganizationFactory(
            code="btgdvtu-test",
            name=f"Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu {MARK}",
            short_name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
            symbol="BTGDVTU",
            kind="party_board",
            heading="Ban Tuyên giáo và Dân vận",
            place_name="Lai Châu",
        )
        org_a = OrganizationFactory(code="so-a", name=f"Sở Giáo dục Lai Châu {MARK}", short_name=f"GD {MARK}")
        org_b = OrganizationFactory(code="so-b", name=f"Sở Y tế Lai Châu {MARK}", short_name=f"YT {MARK}")
        # Their names carry the mark too: the admin's user list and the recipients' lists.
        who = {"last_name": MARK}
        people = {
            "admin": UserFactory(username="lc-admin", role="admin", organization=ban, is_staff=True, **who),
            "staff": UserFactory(username="lc-staff", role="staff", organization=ban, **who),
            "leader": UserFactory(username="lc-leader", role="leader", organization=ban, **who),
            "liaison_a": UserFactory(username="lc-liaison-a", role="liaison", organization=org_a, **who),
            "liaison_b": UserFactory(username="lc-liaison-b", role="liaison", organization=org_b, **who),
        }
        directive = DirectiveFactory(title=f"Hướng dẫn {MARK}", issuing_body=ban)
        task = TaskFactory(directive=directive, lead=org_b, title=f"Nhiệm vụ {MARK}")
        TaskUpdateFactory(task=task, posted_by=people["liaison_b"], text=f"Tiến độ {MARK}")
        meeting = MeetingFactory(title=f"Hội nghị {MARK}", organizer=ban, invited=[org_a, org_b])
        programme = AgreementFactory(partners=[org_b])
        report = ReportFactory(kind="unit", organization=org_b)
    world = World(fields=khoa_giao_fields, ban=ban, org_a=org_a, org_b=org_b, **people)
    world.extra.update(directive=directive, task=task, meeting=meeting, programme=programme, report=report)
    assert {user.province_id for user in people.values()} == {lai_chau.pk}
    return world


@pytest.fixture
def world_a(personas, ban, org_a, org_b, khoa_giao_fields):
    return World(fields=khoa_giao_fields, ban=ban, org_a=org_a, org_b=org_b, **personas)


# --- another province's objects -----------------------------------------------------------------


def _object_cases():
    default = CASES["home"].build  # the Case default: no object
    return sorted(name for name in COVERED if name in CASES and CASES[name].build is not default)


OBJECT_PAGES = _object_cases()


def _url(name, kwargs):
    case = CASES[name]
    return reverse(name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")


@pytest.mark.django_db
@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_another_provinces_object_is_not_found(client, world_a, world_b, lai_chau, name):
    """Every object page of the matrix, its object made in Lai Châu: each of Khánh Hòa's roles,
    admin included, gets 404 (or 403), whatever the method, and nothing changes."""
    case = CASES[name]
    with built_in(lai_chau, world_b):
        kwargs = case.build(world_b)
    url = _url(name, kwargs)
    failures = []
    for role in ROLES:
        sign_in(client, world_a.user(role))
        before = snapshot()
        answers = {"GET": client.get(url), "POST": client.post(url, case.post_data(world_b, kwargs))}
        for method, response in answers.items():
            if response.status_code not in (403, 404):
                failures.append(f"{role}: {method} {url} -> {response.status_code}")
        if snapshot() != before:
            failures.append(f"{role}: {url} changed the database")
        client.logout()
    assert not failures, "\n".join(failures)


# --- lists, exports, the admin, the API -----------------------------------------------------------


def _text(response):
    """What a person could read in an answer: a page, a CSV, a JSON body, or a workbook's cells."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":  # xlsx, docx: zip files of XML
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return body.decode("utf-8", "replace")


def _list_urls():
    urls = []
    default = CASES["home"].build
    for name in COVERED:
        case = CASES.get(name)
        if case is None or case.build is not default or name in OWN_ACCOUNT:
            continue
        urls.append(_url(name, {}))
        if "export" in name:
            urls += [reverse(name) + "?format=xlsx", reverse(name) + "?format=csv"]
    return sorted(set(urls))


def _admin_changelists():
    urls = []
    for model in admin.site._registry:
        try:
            urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        except NoReverseMatch:
            continue
    return sorted(urls)


@pytest.mark.django_db
def test_another_provinces_titles_appear_in_no_list_export_or_api(client, world_a, world_b):
    failures, read = [], 0
    for role in ROLES:
        sign_in(client, world_a.user(role))
        urls = _list_urls() + ([*_admin_changelists()] if role == "admin" else [])
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                continue
            read += 1
            if MARK in _text(response):
                failures.append(f"{role}: {url} shows Lai Châu's rows")
        client.logout()
    assert read > 50, f"only {read} pages were read: the lists did not answer"
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_the_admin_does_not_open_another_provinces_rows(client, world_a, world_b):
    """Khánh Hòa's admin, at /quan-tri/, asking for Lai Châu's rows by their ids: the admin says
    there is no such row (a redirect to its index) or 404, and shows none of it."""
    rows = [world_b.ban, world_b.org_b, world_b.staff, *world_b.extra.values()]
    sign_in(client, world_a.admin)
    for row in rows:
        if type(row) not in admin.site._registry:
            continue
        meta = row._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
        response = client.get(url)
        assert response.status_code in (302, 404), f"{url} -> {response.status_code}"
        assert MARK not in _text(response)


@pytest.mark.django_db
def test_the_lists_do_show_the_provinces_own_rows(client, world_b, lai_chau):
    """The check above is worth something: Lai Châu's own staff do see the mark in their lists."""
    sign_in(client, world_b.staff)
    pages = [reverse("assignments:list"), reverse("directives:list"), reverse("meetings:list")]
    for url in pages:
        assert MARK in _text(client.get(url)), url


# --- the central Ban -----------------------------------------------------------------------------


@pytest.fixture
def central(db):
    user = UserFactory(username="central1", role="central", province=None, organization=None)
    assert user.province_id is None
    return user


@pytest.mark.django_db
def test_the_central_ban_reads_both_provinces(client, central, world_a, world_b, lai_chau):
    with in_province(world_a.ban.province_id):
        home_task = TaskFactory(lead=world_a.org_b, title="Nhiệm vụ của Khánh Hòa")
        home_meeting = MeetingFactory(title="Hội nghị của Khánh Hòa", organizer=world_a.ban)
    sign_in(client, central)
    for task, meeting, directive in (
        (home_task, home_meeting, home_task.directive),
        (world_b.extra["task"], world_b.extra["meeting"], world_b.extra["directive"]),
    ):
        for url in (
            reverse("assignments:detail", kwargs={"pk": task.pk}),
            reverse("meetings:detail", kwargs={"pk": meeting.pk}),
            reverse("directives:detail", kwargs={"pk": directive.pk}),
            reverse("api:task-detail", kwargs={"pk": task.pk}),
        ):
            assert client.get(url).status_code == 200, url
    listing = _text(client.get(reverse("assignments:list")))
    assert MARK in listing
    assert "Nhiệm vụ của Khánh Hòa" in listing


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", sorted(name for name in COVERED if name in CASES and name not in OWN_ACCOUNT)
)
def test_the_central_ban_changes_nothing(client, central, world_b, lai_chau, name):
    case = CASES[name]
    with built_in(lai_chau, world_b):
        kwargs = case.build(world_b)
    url = _url(name, kwargs)
    sign_in(client, central)
    before = snapshot()
    data = case.post_data(world_b, kwargs)
    status = client.post(url, data).status_code
    assert status in ((200, 403, 404, 405) if name in READS_ON_POST else (403, 404, 405)), (
        f"POST {url} -> {status}"
    )
    assert snapshot() == before


# --- services ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_service_refuses_another_provinces_row(world_a, world_b, lai_chau):
    task = world_b.extra["task"]
    for scope in (in_province(lai_chau), everywhere()):
        # Whatever scope the caller happens to be in, the staff of Khánh Hòa may not edit it.
        with scope, pytest.raises(PermissionDenied):
            task_services.task_update(
                task=task, by=world_a.staff, version=task.version, cooperating=[], title="Đã sửa"
            )
    with in_province(lai_chau):
        task.refresh_from_db()
    assert task.title == f"Nhiệm vụ {MARK}"


@pytest.mark.django_db
def test_a_service_refuses_another_provinces_child_row(world_a, world_b, lai_chau):
    """A programme's review has no province of its own (it is its programme's): the rule that
    refuses another province's row must follow the row to its province all the same."""
    with in_province(lai_chau):
        review = AgreementReviewFactory(agreement=world_b.extra["programme"], result=f"Kết quả {MARK}")
    with everywhere(), pytest.raises(PermissionDenied):
        agreement_services.agreement_review_update(
            review=review, by=world_a.staff, period=Period(2024, "Y"), result="Đã sửa"
        )
    with in_province(lai_chau):
        review.refresh_from_db()
    assert review.result == f"Kết quả {MARK}"
