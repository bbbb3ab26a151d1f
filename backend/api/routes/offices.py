"""Office endpoints: the district's tree and one office."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.api.errors import not_found
from backend.api.routing import Call, Router
from backend.domain.office import Office
from wire.offices import OfficeNode, OfficeTree, OfficeView

if TYPE_CHECKING:
    from backend.api.app import ApiContext


def view(office: Office) -> OfficeView:
    return OfficeView(
        code=office.code, tier=office.tier.value, kind=office.kind.value,
        name_zh=office.name_zh, name_en=office.name_en, parent_code=office.parent_code,
        address=office.address, phone=office.phone, opening_hours=office.opening_hours,
        slot_minutes=office.slot_minutes, slot_capacity=office.slot_capacity,
        travel_minutes_to_town=office.travel_minutes_to_town,
        travel_minutes_to_district=office.travel_minutes_to_district,
    )


async def office_tree(_ctx: ApiContext, call: Call) -> OfficeTree:
    assert call.uow is not None
    offices = await call.uow.offices.all()
    children: dict[str | None, list[Office]] = {}
    for office in offices:
        children.setdefault(office.parent_code, []).append(office)

    def node(office: Office) -> OfficeNode:
        return OfficeNode(office=view(office),
                          children=[node(child) for child in children.get(office.code, [])])

    return OfficeTree(roots=[node(root) for root in children.get(None, [])], count=len(offices))


async def get_office(_ctx: ApiContext, call: Call) -> OfficeView:
    code = call.path["code"]
    assert call.uow is not None
    office = await call.uow.offices.get(code)
    if office is None:
        raise not_found("office.unknown", f"no office {code!r}", code=code)
    return view(office)


def register(router: Router) -> None:
    router.add("GET", "/api/v1/offices", summary="The tree district > town > village",
               tag="offices", response=OfficeTree, database="read")(office_tree)
    router.add("GET", "/api/v1/offices/{code}", summary="One office", tag="offices",
               response=OfficeView, errors=(404,), database="read")(get_office)
