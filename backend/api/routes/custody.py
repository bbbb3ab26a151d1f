"""Custody endpoints: where a case's originals are, moving them, and carry runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.api.routes.catalog import text_view
from backend.api.routing import Call, Router
from backend.service import custody
from wire.custody import (
    CarryItemView,
    CarryRunList,
    CarryRunQuery,
    CarryRunView,
    CustodyMove,
    CustodyView,
    MovementView,
    OriginalView,
    PossibleMove,
)

if TYPE_CHECKING:
    from backend.api.app import ApiContext

TAG = "custody"


def custody_view(report: custody.CustodyReport) -> CustodyView:
    since = {m.material_key: m.at for m in report.history}
    return CustodyView(
        case_id=report.case_id, case_number=report.number,
        originals=[OriginalView(key=m.key, name=text_view(m.name), count=m.originals,
                                holder=report.holders.get(m.key, custody.RESIDENT),
                                since=since.get(m.key)) for m in report.materials],
        history=[MovementView(material_key=m.material_key, from_party=m.from_party,
                              to_party=m.to_party, confirmed_by=m.confirmed_by, at=m.at)
                 for m in report.history],
        moves=[PossibleMove(move=p.move.value, items=list(p.items),  # type: ignore[arg-type]
                            to_office=p.to_office) for p in report.possible])


def run_view(report: custody.RunReport) -> CarryRunView:
    run = report.run
    return CarryRunView(
        id=run.id, station_code=run.station_code, to_office_code=run.to_office_code,
        day=run.day, seq=run.seq, created_at=run.created_at, departed_at=run.departed_at,
        items=[CarryItemView(case_id=item.case_id, case_number=item.number,
                             matter_code=item.matter_code, added_at=item.added_at,
                             received_at=item.received_at, missing_at=item.missing_at,
                             originals=report.holders.get(item.case_id, {}))
               for item in report.items])


async def get_custody(ctx: ApiContext, call: Call) -> CustodyView:
    assert call.uow is not None
    return custody_view(await custody.custody_of(ctx.services, call.uow, call.identity,
                                                 call.path["case_id"]))


async def move_originals(ctx: ApiContext, call: Call) -> CustodyView:
    assert call.uow is not None
    body: CustodyMove = call.body
    return custody_view(await custody.move(ctx.services, call.uow, call.identity,
                                           call.path["case_id"], body.move, body.items,
                                           body.to_office))


async def office_runs(_ctx: ApiContext, call: Call) -> CarryRunList:
    assert call.uow is not None
    query: CarryRunQuery = call.query
    found = await custody.runs(call.uow, call.identity, call.path["code"], query.day,
                               query.limit)
    return CarryRunList(runs=[run_view(report) for report in found])


async def depart_run(ctx: ApiContext, call: Call) -> CarryRunView:
    assert call.uow is not None
    return run_view(await custody.depart(ctx.services, call.uow, call.identity,
                                         call.path_id("run_id")))


async def receive_dossier(ctx: ApiContext, call: Call) -> CarryRunView:
    assert call.uow is not None
    return run_view(await custody.settle(ctx.services, call.uow, call.identity,
                                         call.path_id("run_id"), call.path["case_id"],
                                         received=True))


async def flag_missing(ctx: ApiContext, call: Call) -> CarryRunView:
    assert call.uow is not None
    return run_view(await custody.settle(ctx.services, call.uow, call.identity,
                                         call.path_id("run_id"), call.path["case_id"],
                                         received=False))


def register(router: Router) -> None:
    add = router.add
    one = "/api/v1/carry-runs/{run_id}"
    add("GET", "/api/v1/cases/{case_id}/custody", tag=TAG,
        summary="Who holds each of the case's originals now, and every handover",
        response=CustodyView, errors=(403, 404), database="read")(get_custody)
    add("POST", "/api/v1/cases/{case_id}/custody", tag=TAG,
        summary="Move originals: take, send, receive, hand back, confirm back",
        response=CustodyView, body=CustodyMove, errors=(403, 404, 409, 422),
        database="write")(move_originals)
    add("GET", "/api/v1/offices/{code}/carry-runs", tag=TAG,
        summary="Carry runs leaving the station or coming to the office, newest first",
        response=CarryRunList, query=CarryRunQuery, errors=(403, 404),
        database="read")(office_runs)
    add("POST", f"{one}/depart", tag=TAG,
        summary="The agent leaves with the run: its originals go in transit",
        response=CarryRunView, errors=(403, 404, 409), database="write")(depart_run)
    add("POST", f"{one}/cases/{{case_id}}/received", tag=TAG,
        summary="The destination confirms a dossier (and its originals) arrived",
        response=CarryRunView, errors=(403, 404, 409), database="write")(receive_dossier)
    add("POST", f"{one}/cases/{{case_id}}/missing", tag=TAG,
        summary="The destination flags a dossier on the list as missing",
        response=CarryRunView, errors=(403, 404, 409), database="write")(flag_missing)
