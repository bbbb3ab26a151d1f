"""The read side of the API: catalog, offices, calendar; the token; one error shape."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from tests.api.conftest import AUTH, TOKEN


async def get(api, path: str, headers=AUTH):
    response = await api.get(path, headers=headers)
    return response.status, await response.json()


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer wrong"},
    {"Authorization": TOKEN},
    {"Authorization": f"Bearer {TOKEN}x"},
    {"X-Daiban-Actor": "12345", "X-Daiban-Role": "staff"},
])
async def test_a_call_without_the_service_token_is_refused_whatever_it_claims(api, headers):
    status, body = await get(api, "/api/v1/offices", headers=headers)
    assert (status, body["code"]) == (401, "auth.invalid_token")
    assert "roots" not in body


@pytest.mark.parametrize("extra, code", [
    ({"X-Daiban-Actor": "12345"}, "request.actor_incomplete"),
    ({"X-Daiban-Actor": "12345", "X-Daiban-Role": "god"}, "request.invalid_role"),
    ({"X-Daiban-Actor": "DROP TABLE", "X-Daiban-Role": "staff"}, "request.invalid_actor"),
])
async def test_actor_headers_must_be_complete_and_well_formed(api, extra, code):
    status, body = await get(api, "/api/v1/offices", headers=AUTH | extra)
    assert (status, body["code"]) == (400, code)


async def test_categories_come_in_menu_order_with_their_matter_counts(api, catalog):
    status, body = await get(api, "/api/v1/catalog/categories")
    assert status == 200
    assert [c["key"] for c in body["categories"]] == [c.key for c in catalog.categories]
    assert sum(c["matter_count"] for c in body["categories"]) == len(catalog)


async def test_one_matter_shows_its_materials_route_and_limits(api, catalog):
    matter = catalog.matter("SJ01")
    status, body = await get(api, "/api/v1/catalog/matters/SJ01")
    assert status == 200
    assert body["name"]["zh"] == matter.name.zh
    assert [m["key"] for m in body["materials"]] == [m.key for m in matter.materials]
    assert [s["tier"] for s in body["route"]] == [s.tier.value for s in matter.route]
    assert body["promised_limit"]["days"] == matter.promised_limit.days


async def test_matters_of_one_category_and_an_unknown_category(api, catalog):
    status, body = await get(api, "/api/v1/catalog/matters?category=disability")
    assert status == 200
    assert {m["code"] for m in body["matters"]} == {m.code for m in
                                                     catalog.matters_of("disability")}
    status, body = await get(api, "/api/v1/catalog/matters?category=nope")
    assert (status, body["code"]) == (404, "catalog.unknown_category")


async def test_search_answers_as_the_catalog_does(api, catalog):
    status, body = await get(api, "/api/v1/catalog/search?q=%E4%BD%8E%E4%BF%9D")  # 低保
    assert status == 200
    assert body["hits"][0]["code"] == catalog.search("低保")[0].code


@pytest.mark.parametrize("path, status, code", [
    ("/api/v1/catalog/matters/XX99", 404, "catalog.unknown_matter"),
    ("/api/v1/catalog/search", 400, "request.invalid_query"),
    ("/api/v1/catalog/search?q=a&limit=five", 400, "request.invalid_query"),
    ("/api/v1/catalog/search?q=a&colour=red", 400, "request.invalid_query"),
    ("/api/v1/offices/000", 404, "office.unknown"),
    ("/api/v1/calendar/due-date?start=2026-11-25T10:00:00&days=3", 400,
     "request.invalid_query"),
    ("/api/v1/calendar/due-date?start=yesterday&days=3", 400, "request.invalid_query"),
    ("/api/v1/calendar/due-date?start=2026-11-25T10:00:00%2B08:00&days=-1", 400,
     "request.invalid_query"),
    ("/api/v1/nowhere", 404, "request.not_found"),
])
async def test_bad_requests_get_a_clear_error_body_never_a_500(api, path, status, code):
    got, body = await get(api, path)
    assert (got, body["code"]) == (status, code)
    assert set(body) == {"code", "message", "details"}


async def test_a_wrong_method_is_a_405_in_the_same_error_shape(api):
    response = await api.delete("/api/v1/offices", headers=AUTH)
    assert response.status == 405
    assert (await response.json())["code"] == "request.method_not_allowed"


async def test_the_office_tree_has_the_district_at_its_root(api):
    status, body = await get(api, "/api/v1/offices")
    assert status == 200
    [root] = body["roots"]
    assert root["office"]["tier"] == "district"
    assert len(root["children"]) == 18
    assert body["count"] >= 79


@pytest.mark.parametrize("start, days, unit, due", [
    ("2026-09-30T10:00:00%2B08:00", 1, "working_days", "2026-10-08"),
    ("2026-11-25T10:00:00%2B08:00", 30, "working_days", "2027-01-06"),
    ("2026-09-28T10:00:00%2B08:00", 5, "natural_days", "2026-10-08"),
    ("2026-10-07T10:00:00%2B08:00", 2, "working_days", "2026-10-09"),
])
async def test_due_dates_skip_holidays_and_run_into_2027(api, start, days, unit, due):
    status, body = await get(api, f"/api/v1/calendar/due-date?start={start}&days={days}"
                                  f"&unit={unit}")
    assert (status, body["due"]) == (200, due)


async def test_an_office_closed_for_national_day_opens_after_the_holiday(api):
    status, body = await get(api, "/api/v1/calendar/next-opening?office=110117000000"
                                  "&at=2026-10-01T10:00:00%2B08:00")
    assert status == 200
    assert body["open_now"] is False
    assert body["next_opening"] == "2026-10-08T09:00:00+08:00"


async def test_the_openapi_document_is_valid_and_lists_every_route(api):
    response = await api.get("/api/v1/openapi.json")
    document = await response.json()
    validate(document)
    documented = {(method.upper(), path) for path, ops in document["paths"].items()
                  for method in ops}
    served = {(route.method, route.resource.canonical) for route in api.app.router.routes()
              if route.resource is not None and route.method != "HEAD"}
    undocumented = served - documented - {("GET", "/api/v1/openapi.json"),
                                          ("GET", "/api/v1/docs"), ("GET", "/healthz")}
    assert undocumented == set()
    assert documented <= served
    page = await api.get("/api/v1/docs")
    assert page.status == 200 and "/api/v1/catalog/search" in await page.text()
