"""An office of the tree: the district center, a town-level center, a village station."""

from dataclasses import dataclass

from backend.domain.tier import OfficeKind, Tier


@dataclass(frozen=True, slots=True)
class Office:
    """One node of the district's service tree, as the case service stores it.

    Opening hours are kept as text ("09:00-12:00,13:30-17:00", on working days) so
    that the calendar, not the domain, owns their meaning.
    """

    code: str
    kind: OfficeKind
    name_zh: str
    name_en: str
    parent_code: str | None
    address: str
    phone: str
    opening_hours: str
    slot_minutes: int
    slot_capacity: int
    travel_minutes_to_town: int
    travel_minutes_to_district: int

    @property
    def tier(self) -> Tier:
        return self.kind.tier


def tree_errors(offices: list[Office]) -> list[tuple[str, str]]:
    """(office code, error code) for every break of the district -> town -> village shape.

    Exactly one district center; every town under it; every village under a town. The
    caller passes the whole tree, existing and new offices together.
    """
    by_code = {office.code: office for office in offices}
    errors: list[tuple[str, str]] = []
    districts = [office for office in offices if office.tier is Tier.DISTRICT]
    if len(districts) > 1:
        errors.extend((office.code, "office.second_district") for office in districts[1:])
    for office in offices:
        expected_parent = office.tier.parent
        if expected_parent is None:
            if office.parent_code:
                errors.append((office.code, "office.district_has_parent"))
            continue
        parent = by_code.get(office.parent_code or "")
        if parent is None:
            errors.append((office.code, "office.unknown_parent"))
        elif parent.tier is not expected_parent:
            errors.append((office.code, "office.parent_wrong_tier"))
    return errors
