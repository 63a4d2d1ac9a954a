"""People are named the Vietnamese way: family name first."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_header_shows_the_family_name_first(login, ban):
    leader = UserFactory(
        username="lanhdao", first_name="Hùng", last_name="Trần Văn", organization=ban, role="leader"
    )
    html = login(leader).get("/").content.decode()
    assert "Trần Văn Hùng" in html
    assert "Hùng Trần Văn" not in html


def test_a_person_with_one_name_part_has_no_stray_space():
    assert UserFactory.build(first_name="Lan", last_name="").get_full_name() == "Lan"
    assert UserFactory.build(first_name="", last_name="Nguyễn Thị").get_full_name() == "Nguyễn Thị"
    assert UserFactory.build(username="lienlac", first_name="", last_name="").get_short_name() == "lienlac"
