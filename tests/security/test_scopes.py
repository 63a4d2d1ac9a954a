"""Provinces, fail-closed (docs/architecture.md, "Provinces: the scope of every query").

One test per model of the portal's apps, generated from the app registry: a model is either
scoped (its default manager refuses to read outside any scope) or named in EXEMPT with the reason
it may be read without a province. A new model that is neither fails here.
"""

import pytest
from django.apps import apps
from django.db.models import Count, Exists, OuterRef

from khoagiao.scoping import ScopeError, everywhere, in_province, is_scoped, outside_scopes
from organizations.access import page
from organizations.models import Organization, Province
from tests.assignments.factories import TaskFactory, TaskUpdateFactory
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory, UserFactory
from tests.meetings.factories import MeetingFactory
from tests.reports.factories import ReportFactory

LOCAL_APPS = (
    "organizations",
    "outgoing",
    "directives",
    "agreements",
    "meetings",
    "assignments",
    "caching",
    "notices",
    "reports",
    "signatures",
    "api",
)

# Read without a province, on purpose.
EXEMPT = {
    "caching.DataVersion": (
        "one counter for the whole installation that every write moves (caching/triggers.py); it holds "
        "no province's data, and a page's cache key names the scope's provinces besides it"
    ),
    "organizations.Province": "the provinces themselves: the scope is made of them",
    "organizations.Field": "the national list of khoa giáo fields, the same for every province",
    "organizations.User": (
        "signing in finds a user before any province is known; every list of users is "
        "User.objects.in_scope(), and authorize() refuses another province's user (tested below)"
    ),
    "organizations.AuthenticatorDevice": (
        "an admin's second factor (a proxy of django-otp's TOTPDevice), read through its user at sign-in"
    ),
    "organizations.AuthenticatorEnrolment": "an admin's second factor, read through its user at sign-in",
    "organizations.PasswordLinkRequest": (
        "a signed-out visitor's request for a password link, counted by e-mail and address before any "
        "province is known (organizations/passwords.py)"
    ),
}


def _models():
    """Every concrete model of the portal's apps, but two kinds that are never queried on their
    own: simple_history's Historical* tables (read only as `obj.history` of a row the scope already
    let through, khoagiao.audit.history_entries) and the through tables Django makes for a
    many-to-many field (read only from one of their two scoped ends)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        # Proxies too: they are queried like any model, with managers of their own.
        if meta.app_label not in LOCAL_APPS or meta.abstract:
            continue
        if meta.auto_created or model.__name__.startswith("Historical"):
            continue
        found.append(model)
    return found


MODELS = {model._meta.label: model for model in _models()}


def test_the_registry_is_read():
    """The generated list is not empty by accident (a renamed app would make it so)."""
    for label in ("assignments.Task", "directives.Directive", "meetings.Meeting", "reports.Report"):
        assert label in MODELS
    gone = set(EXEMPT) - set(MODELS)
    assert not gone, f"EXEMPT names models that no longer exist: {gone}"


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(MODELS))
def test_a_query_outside_any_scope_raises(label):
    model = MODELS[label]
    if label in EXEMPT:
        assert not is_scoped(model), f"{label} is scoped now: take it out of EXEMPT"
        return
    assert is_scoped(model), (
        f"{label} has no province scope: give it scoped_manager(...) (khoagiao/scoping.py) "
        "or name it in EXEMPT with the reason it may be read without a province"
    )
    with outside_scopes():
        # Every manager of the model, not only the default one: a second, plain manager would
        # be a way around the scope.
        for manager in model._meta.managers:
            queryset = manager.all()
            for read in (list, lambda q: q.count(), lambda q: q.exists(), lambda q: q.first()):
                with pytest.raises(ScopeError):
                    read(queryset)
            with pytest.raises(ScopeError):
                list(queryset.filter(pk__gt=0).values_list("pk", flat=True))
            with pytest.raises(ScopeError):
                queryset.aggregate(n=Count("pk"))
            # Used inside another query: as `pk__in=` and as an EXISTS.
            with pytest.raises(ScopeError):
                list(Province.objects.filter(pk__in=queryset.values("pk")))
            with pytest.raises(ScopeError):
                list(Province.objects.filter(Exists(queryset.filter(pk=OuterRef("pk")))))


@pytest.mark.django_db
def test_users_outside_any_scope_are_refused_as_a_list():
    with outside_scopes(), pytest.raises(ScopeError):
        Organization.objects.count()
    from organizations.models import User

    with outside_scopes(), pytest.raises(ScopeError):
        User.objects.in_scope()


# --- one province does not see another's rows --------------------------------------------------


@pytest.fixture
def lai_chau(db):
    return Province.objects.create(code="lai-chau", name="Lai Châu")


def _rows(province):
    """A few representative rows of `province`: a unit, a directive, its task and an update, a
    meeting, a report."""
    with in_province(province):
        unit = OrganizationFactory(code=f"so-gd-{province.code}", name=f"Sở GD&ĐT {province.name}")
        # Issued by the province's own unit: a central body's directive is every province's.
        directive = DirectiveFactory(title=f"Hướng dẫn của {province.name}", issuing_body=unit)
        task = TaskFactory(directive=directive, lead=unit, title=f"Nhiệm vụ của {province.name}")
        update = TaskUpdateFactory(task=task, posted_by=UserFactory(username=f"poster-{province.code}"))
        meeting = MeetingFactory(title=f"Hội nghị của {province.name}", organizer=unit)
        report = ReportFactory()
    return {
        "organizations.Organization": unit,
        "directives.Directive": directive,
        "assignments.Task": task,
        "assignments.TaskUpdate": update,
        "meetings.Meeting": meeting,
        "reports.Report": report,
    }


@pytest.mark.django_db
def test_a_province_does_not_see_anothers_rows(province_scope, lai_chau):
    home, other = _rows(province_scope), _rows(lai_chau)
    for label in home:
        model = MODELS[label]
        for mine, theirs, scope in ((home, other, province_scope), (other, home, lai_chau)):
            with in_province(scope):
                pks = set(model.objects.values_list("pk", flat=True))
                assert mine[label].pk in pks, label
                assert theirs[label].pk not in pks, f"{label}: {scope} sees another province's row"
                assert not model.objects.filter(pk=theirs[label].pk).exists()
        with everywhere():
            pks = set(model.objects.values_list("pk", flat=True))
            assert {home[label].pk, other[label].pk} <= pks, label


@pytest.mark.django_db
def test_a_queryset_keeps_the_scope_it_was_made_in_so_a_page_takes_a_function(province_scope, lai_chau):
    """Why `page()` refuses a queryset: one made inside a province's scope keeps that province's
    filter wherever it is used later. A view module imported inside a scope (the first `reverse()`
    of a test process, run in the home province) answered 404 to every other province's people
    for as long as the process lived."""
    home, other = _rows(province_scope), _rows(lai_chau)
    meetings = MODELS["meetings.Meeting"]
    with in_province(province_scope):
        made_at_home = meetings.objects.select_related("organizer")
    with in_province(lai_chau):
        assert not made_at_home.all().filter(pk=other["meetings.Meeting"].pk).exists()
        assert meetings.objects.select_related("organizer").filter(pk=other["meetings.Meeting"].pk).exists()
    assert home
    with pytest.raises(TypeError, match="function"):
        page(made_at_home)
    # A model, or a function that makes the queryset in the request's own scope, is what it takes.
    page(meetings)
    page(lambda: meetings.objects.select_related("organizer"))


@pytest.mark.django_db
def test_new_rows_take_their_scopes_province(province_scope, lai_chau):
    rows = _rows(lai_chau)
    assert rows["assignments.Task"].province_id == lai_chau.pk
    assert rows["meetings.Meeting"].province_id == lai_chau.pk
    assert rows["reports.Report"].province_id == lai_chau.pk
    assert rows["assignments.TaskUpdate"].task.province_id == lai_chau.pk


@pytest.mark.django_db
def test_central_bodies_and_their_directives_are_every_provinces(province_scope, lai_chau):
    """The central bodies (Bộ Chính trị, Ban Bí thư, ...) and their directives have no province:
    both provinces see them, and a province's own rows stay its own."""
    with everywhere():
        politburo = OrganizationFactory(
            code="bo-chinh-tri", name="Bộ Chính trị", level="central", kind="party_board", province=None
        )
        resolution = DirectiveFactory(
            title="Nghị quyết 57-NQ/TW về khoa học, công nghệ", issuing_body=politburo, province=None
        )
    assert politburo.province_id is None
    assert resolution.province_id is None
    with in_province(lai_chau):
        ban = OrganizationFactory(code="btgdvtu-lc", name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu")
        local = DirectiveFactory(title="Kế hoạch của Lai Châu", issuing_body=ban)
    for province in (province_scope, lai_chau):
        with in_province(province):
            assert Organization.objects.filter(pk=politburo.pk).exists()
            assert resolution.__class__.objects.filter(pk=resolution.pk).exists()
    with in_province(province_scope):
        assert not local.__class__.objects.filter(pk=local.pk).exists()
