"""Calendar settings: the district's time zone and its own holiday file."""

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class CalendarSettings(BaseSettings):
    """Working days are counted in the district's time zone.

    The holiday file adds to or overrides chinese-calendar: the district edits it when
    the State Council publishes next year's holidays, or for a local closure. Its format
    is documented in docs/holidays.example.yaml.
    """

    model_config = SettingsConfigDict(env_prefix="DAIBAN_", extra="ignore")

    time_zone: str = "Asia/Shanghai"
    holiday_file: Path | None = None

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        # A typo here would shift every deadline by hours; refuse it when settings load.
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}, e.g. Asia/Shanghai") from None
        return value
