"""Calendar settings: the district's time zone and its own holiday file."""

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class CalendarSettings(BaseSettings):
    """Working days are counted in the district's time zone.

    The holiday file adds to or overrides chinese-calendar: the district edits it when
    the State Council publishes next year's holidays, or for a local closure.
    """

    model_config = SettingsConfigDict(env_prefix="DAIBAN_", extra="ignore")

    time_zone: str = "Asia/Shanghai"
    holiday_file: Path | None = None
