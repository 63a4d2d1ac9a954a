"""factory_boy factories for the organisations and people every test needs. Each app's own
factories live in tests/<app>/factories.py."""

from functools import cache

import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from organizations.models import Organization, User


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"don-vi-{n}")
    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    kind = Organization.Kind.DEPARTMENT
    level = Organization.Level.PROVINCE


PASSWORD = "mat-khau-thu-nghiem-2026"


@cache
def _password_hash():
    # Argon2 is slow on purpose; hash the shared test password once per process.
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Thử"
    last_name = "Người dùng"
    email = factory.LazyAttribute(lambda u: f"{u.username}@khoagiao.example")
    password = factory.LazyFunction(_password_hash)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            group, _ = Group.objects.get_or_create(name=extracted)
            self.groups.set([group])
            self.__dict__.pop("roles", None)
