"""Catalog endpoints: categories, matters, one matter, search as villagers type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.api.errors import not_found
from backend.api.routing import Call, Router
from matter_catalog.models import FormField, Matter, Text, TimeLimit
from wire.base import LocalText
from wire.catalog import (
    CategoryList,
    CategoryView,
    ChoiceView,
    ClockStopView,
    FaqView,
    FormFieldView,
    MaterialView,
    MatterDetail,
    MatterList,
    MatterQuery,
    MatterSummary,
    RouteStepView,
    SearchHitView,
    SearchQuery,
    SearchResult,
    TimeLimitView,
)

if TYPE_CHECKING:
    from backend.api.app import ApiContext


def _text(text: Text) -> LocalText:
    return LocalText(zh=text.zh, en=text.en)


text_view = _text


def field_view(f: FormField) -> FormFieldView:
    return FormFieldView(
        key=f.key, label=_text(f.label), type=f.type.value, required=f.required,
        sensitive=f.sensitive, hint=_maybe(f.hint),
        choices=[ChoiceView(key=c.key, label=_text(c.label)) for c in f.choices],
    )


def _maybe(text: Text | None) -> LocalText | None:
    return _text(text) if text else None


def _limit(limit: TimeLimit) -> TimeLimitView:
    return TimeLimitView(days=limit.days, unit=limit.unit.value, estimate=limit.estimate,
                         note=_maybe(limit.note))


def summary(matter: Matter, category: str) -> MatterSummary:
    return MatterSummary(
        code=matter.code, name=_text(matter.name), category=category, kind=matter.kind.value,
        department=_text(matter.department), promised_limit=_limit(matter.promised_limit),
        home_visit=matter.home_visit, trips=matter.trips.count,
    )


def detail(matter: Matter, category: str) -> MatterDetail:
    return MatterDetail(
        code=matter.code, implementation_code=matter.implementation_code,
        name=_text(matter.name), category=category, kind=matter.kind.value,
        department=_text(matter.department), description=_text(matter.description),
        eligibility=_text(matter.eligibility), legal_basis=_maybe(matter.legal_basis),
        materials=[MaterialView(
            key=m.key, name=_text(m.name), originals=m.originals, copies=m.copies,
            requirement=m.requirement.value, station_keeps_original=m.station_keeps_original,
            note=_maybe(m.note)) for m in matter.materials],
        form=[field_view(f) for f in matter.form],
        route=[RouteStepView(tier=s.tier.value, action=s.action.value,
                             limit_days=s.limit_days, note=_maybe(s.note)) for s in matter.route],
        promised_limit=_limit(matter.promised_limit),
        legal_limit=_limit(matter.legal_limit) if matter.legal_limit else None,
        clock_stops=[ClockStopView(kind=c.kind.value, days=c.days, unit=c.unit.value,
                                   note=_maybe(c.note)) for c in matter.clock_stops],
        fee_yuan=float(matter.fee.yuan), fee_note=_maybe(matter.fee.note),
        trips=matter.trips.count, trips_reason=_maybe(matter.trips.reason),
        home_visit=matter.home_visit,
        faq=[FaqView(question=_text(q.question), answer=_text(q.answer)) for q in matter.faq],
        aliases=list(matter.aliases),
    )


async def list_categories(ctx: ApiContext, _call: Call) -> CategoryList:
    catalog = ctx.services.catalog
    return CategoryList(categories=[
        CategoryView(key=c.key, name=_text(c.name), matter_count=len(catalog.matters_of(c.key)))
        for c in catalog.categories
    ])


async def list_matters(ctx: ApiContext, call: Call) -> MatterList:
    catalog = ctx.services.catalog
    key = call.query.category
    if key is not None and key not in {c.key for c in catalog.categories}:
        raise not_found("catalog.unknown_category", f"no category {key!r}", category=key)
    matters = catalog.matters_of(key) if key else catalog.matters
    return MatterList(matters=[summary(m, catalog.category_of(m.code).key) for m in matters])


async def get_matter(ctx: ApiContext, call: Call) -> MatterDetail:
    code = call.path["code"]
    matter = ctx.services.catalog.get(code)
    if matter is None:
        raise not_found("catalog.unknown_matter", f"no matter {code!r}", code=code)
    return detail(matter, ctx.services.catalog.category_of(code).key)


async def search_matters(ctx: ApiContext, call: Call) -> SearchResult:
    query: SearchQuery = call.query
    catalog = ctx.services.catalog
    hits = catalog.search(query.q, lang=query.lang, limit=query.limit)
    return SearchResult(hits=[
        SearchHitView(code=h.code, name=_text(catalog.matter(h.code).name), score=h.score)
        for h in hits
    ])


def register(router: Router) -> None:
    router.add("GET", "/api/v1/catalog/categories", summary="Categories in menu order",
               tag="catalog", response=CategoryList)(list_categories)
    router.add("GET", "/api/v1/catalog/matters", summary="Matters, optionally of one category",
               tag="catalog", response=MatterList, query=MatterQuery, errors=(404,))(list_matters)
    router.add("GET", "/api/v1/catalog/search", summary="Search as villagers type",
               tag="catalog", response=SearchResult, query=SearchQuery)(search_matters)
    router.add("GET", "/api/v1/catalog/matters/{code}", summary="One matter with every element",
               tag="catalog", response=MatterDetail, errors=(404,))(get_matter)
