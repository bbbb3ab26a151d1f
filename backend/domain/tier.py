"""The three tiers of the district's service system and the kinds of office in each."""

from enum import StrEnum


class Tier(StrEnum):
    """A level of the tree district -> town-level center -> village station."""

    DISTRICT = "district"
    TOWN = "town"
    VILLAGE = "village"

    @property
    def parent(self) -> "Tier | None":
        """The tier a case climbs to from here; the district has none above it."""
        return {Tier.VILLAGE: Tier.TOWN, Tier.TOWN: Tier.DISTRICT, Tier.DISTRICT: None}[self]

    @property
    def rank(self) -> int:
        """1 for the district, 2 for a town, 3 for a village, as the reference report counts."""
        return {Tier.DISTRICT: 1, Tier.TOWN: 2, Tier.VILLAGE: 3}[self]


class OfficeKind(StrEnum):
    """What kind of place an office serves; it fixes the office's tier."""

    DISTRICT_CENTER = "district_center"
    TOWN = "town"
    TOWNSHIP = "township"
    SUBDISTRICT = "subdistrict"
    VILLAGE = "village"
    COMMUNITY = "community"

    @property
    def tier(self) -> Tier:
        if self is OfficeKind.DISTRICT_CENTER:
            return Tier.DISTRICT
        if self in (OfficeKind.TOWN, OfficeKind.TOWNSHIP, OfficeKind.SUBDISTRICT):
            return Tier.TOWN
        return Tier.VILLAGE
