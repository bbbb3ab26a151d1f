"""A log line never carries a full ID number, mobile number or bot token."""

from __future__ import annotations

import logging

from daiban.logs import configure_logging, scrub


def test_id_numbers_phones_and_bot_tokens_are_masked_in_any_text() -> None:
    line = ("id 11010519491231002X phone 13800138000 "
            "url https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe")
    assert scrub(line) == ("id 110***********002X phone 138****8000 "
                           "url https://api.telegram.org/bot123456789:********/getMe")


def test_numbers_that_are_not_personal_data_are_left_alone() -> None:
    assert scrub("case PG2026000001 took 1234 ms at 2026-11-25") == (
        "case PG2026000001 took 1234 ms at 2026-11-25")


def test_a_stdlib_log_record_is_scrubbed_by_the_shared_formatter(capsys) -> None:
    configure_logging("INFO")
    logging.getLogger("daiban.test").warning("sent to %s", "13800138000")
    err = capsys.readouterr().err
    assert "138****8000" in err and "13800138000" not in err


def test_httpx_request_lines_which_hold_the_token_are_not_logged_at_info(capsys) -> None:
    configure_logging("INFO")
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
