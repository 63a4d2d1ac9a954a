"""The page of a unit's liaisons in Chromium (issue 14 with issue 15's checks): the unit head asks
on a phone for a liaison to be named, a refusal's reason is on the page, and the page has no WCAG
2.0/2.1 A or AA violation, nothing scrolling sideways and no tap target under 24 × 24 px, with
the forms' errors shown too. The demo's unit head (lanhdao.gddt) is not one of the tours' roles
(test_axe_tour.py), so they never reach it."""

import pytest
from django.test import Client
from django.urls import reverse

from organizations import services
from organizations.models import LiaisonRequest
from tests.factories import UserFactory
from tests.pages.test_axe_tour import axe_violations
from tests.pages.tour import DESKTOP, OVERFLOW_JS, PHONES, SMALL_TARGETS_JS, browser_context
from tests.sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["desktop", "375", "360"])
def test_the_unit_head_asks_on_a_phone_and_the_page_passes_axe(
    viewport, org_a, liaison_a, admin_user, browser, live_server
):
    head = UserFactory(username="head_a", role="unit_head", organization=org_a)
    refused = services.liaison_request_add(
        by=head, organization=org_a, full_name="Lê Văn Bình", email="binh@so-gddt.example"
    )
    services.liaison_request_refuse(
        by=admin_user, liaison_request=refused, reason="Chưa có quyết định phân công"
    )
    url = reverse("organizations:liaisons", kwargs={"pk": org_a.pk})
    phone = viewport != "desktop"
    context = browser_context(
        browser,
        live_server,
        sign_in(Client(), head),
        PHONES[viewport] if phone else DESKTOP,
        is_mobile=phone,
        has_touch=phone,
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Đầu mối liên lạc của đơn vị").click()
    page.wait_for_url(live_server.url + url)
    assert "Chưa có quyết định phân công" in page.inner_text("main")

    # A wrong e-mail: the reason on the field, what was typed kept.
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Thư điện tử").fill("lan@")
    page.get_by_role("button", name="Gửi đề nghị").first.click()
    page.wait_for_load_state()
    assert page.get_by_label("Họ và tên").input_value() == "Nguyễn Thị Lan"
    problems = axe_violations(page, phone)

    page.get_by_label("Thư điện tử").fill("lan@so-gddt.example")
    page.get_by_label("Điện thoại").fill("0905 123 456")
    page.get_by_role("button", name="Gửi đề nghị").first.click()
    page.wait_for_load_state()
    assert "Đề nghị của bạn đã được gửi tới quản trị viên." in page.inner_text("main")
    assert LiaisonRequest.objects.filter(status="pending", email="lan@so-gddt.example").exists()
    problems += axe_violations(page, phone)
    if phone:
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow["scroll"] > overflow["inner"]:
            problems.append(f"scrolls sideways: {overflow}")
        problems += [f"small target {target}" for target in page.evaluate(SMALL_TARGETS_JS)]
    context.close()
    assert not problems, "\n".join(problems)
