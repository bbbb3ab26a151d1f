"""Working days and office hours: chinese-calendar plus the district's holiday file.

The case workflow sees only `DistrictCalendar`'s public methods; everything else here
is how it is built.
"""

from backend.calendar.district_calendar import DistrictCalendar, load_calendar
from backend.calendar.holiday_file import (
    DayEntry,
    DayKind,
    HolidayFile,
    HolidayFileError,
    load_holiday_file,
    parse_holiday_file,
)
from backend.calendar.office_hours import OfficeHours
from backend.calendar.settings import CalendarSettings

__all__ = [
    "CalendarSettings",
    "DayEntry",
    "DayKind",
    "DistrictCalendar",
    "HolidayFile",
    "HolidayFileError",
    "OfficeHours",
    "load_calendar",
    "load_holiday_file",
    "parse_holiday_file",
]
