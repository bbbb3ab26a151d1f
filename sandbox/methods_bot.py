"""Bot API methods about the bot itself: identity, updates, webhook, buttons, files, commands."""

from __future__ import annotations

import json
import re
from typing import Any

from sandbox.errors import BotApiError, bad_request
from sandbox.models import BotState, Webhook
from sandbox.state import Sandbox

WEBHOOK_CONFLICT = ("Conflict: can't use getUpdates method while webhook is active; use "
                    "deleteWebhook to delete the webhook first")
POLL_CONFLICT = ("Conflict: terminated by other getUpdates request; make sure that only one "
                 "bot instance is running")
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


async def get_me(_sandbox: Sandbox, bot: BotState, _params: dict[str, Any]) -> Any:
    return {**bot.account.to_api(), "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": False,
            "can_connect_to_business": False, "has_main_web_app": False}


async def get_updates(sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> Any:
    """Confirm by offset, then answer at once or when the first update arrives."""
    if bot.webhook is not None:
        raise BotApiError(409, WEBHOOK_CONFLICT)
    offset = params.get("offset")
    if offset is not None and offset < 0:
        bot.updates = bot.updates[offset:]
    elif offset is not None:
        bot.updates = [u for u in bot.updates if u["update_id"] >= offset]
    if params.get("allowed_updates") is not None:
        bot.allowed_updates = list(params["allowed_updates"]) or None
    limit = min(max(int(params.get("limit") or 100), 1), 100)
    timeout = max(float(params.get("timeout") or 0), 0.0)
    bot.poll_generation += 1
    mine = bot.poll_generation
    await sandbox.wake_pollers()
    if not bot.updates and timeout > 0:
        await sandbox.wait_updates(
            lambda: bool(bot.updates) or bot.poll_generation != mine
            or bot.webhook is not None, timeout)
        if bot.poll_generation != mine:
            raise BotApiError(409, POLL_CONFLICT)
    return bot.updates[:limit]


async def set_webhook(sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> Any:
    url = str(params.get("url") or "")
    secret = params.get("secret_token")
    if secret is not None and not _SECRET.match(str(secret)):
        raise bad_request("secret token contains unallowed characters")
    if params.get("drop_pending_updates"):
        bot.updates.clear()
    if params.get("allowed_updates") is not None:
        bot.allowed_updates = list(params["allowed_updates"]) or None
    if not url:
        bot.webhook = None
        return True
    if not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    bot.webhook = Webhook(url, secret, int(params.get("max_connections") or 40))
    await sandbox.wake_pollers()
    sandbox.on_update(bot)
    return True


async def delete_webhook(sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> Any:
    bot.webhook = None
    if params.get("drop_pending_updates"):
        bot.updates.clear()
    sandbox.on_update(bot)
    return True


async def get_webhook_info(_sandbox: Sandbox, bot: BotState, _params: dict[str, Any]) -> Any:
    hook = bot.webhook
    info: dict[str, Any] = {"url": hook.url if hook else "", "has_custom_certificate": False,
                            "pending_update_count": len(bot.updates)}
    if hook is not None:
        info["max_connections"] = hook.max_connections
        if hook.last_error_date is not None:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
    if bot.allowed_updates:
        info["allowed_updates"] = bot.allowed_updates
    return info


async def answer_callback_query(sandbox: Sandbox, bot: BotState, params: dict[str, Any]
                                ) -> Any:
    text = params.get("text")
    if text is not None and len(str(text)) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    answer = {"text": text, "show_alert": bool(params.get("show_alert")),
              "url": params.get("url"), "cache_time": params.get("cache_time")}
    sandbox.answer_callback(bot, str(params.get("callback_query_id") or ""), answer)
    await sandbox.notify_changed()
    return True


async def get_file(sandbox: Sandbox, _bot: BotState, params: dict[str, Any]) -> Any:
    stored = sandbox.files.get(str(params.get("file_id") or ""))
    if stored is None:
        raise bad_request("invalid file_id")
    return stored.get_file_api()


def _scope_key(params: dict[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


async def set_my_commands(_sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> Any:
    commands = params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.match(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description") or "")) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    bot.commands[_scope_key(params)] = [
        {"command": c["command"], "description": c["description"]} for c in commands]
    return True


async def get_my_commands(_sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> Any:
    return bot.commands.get(_scope_key(params), [])


async def delete_my_commands(_sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> Any:
    bot.commands.pop(_scope_key(params), None)
    return True


async def log_out(_sandbox: Sandbox, _bot: BotState, _params: dict[str, Any]) -> Any:
    return True
