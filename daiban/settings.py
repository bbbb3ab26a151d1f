"""The root settings, composed from each component's own settings model.

Every component reads its own `DAIBAN_*` variables (or a `.env` file); this module only
decides where the var directory is, fills in defaults that depend on it, and generates
the secrets nobody gave us.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from backend.api.settings import ApiSettings
from backend.calendar.settings import CalendarSettings
from backend.service.settings import CaseServiceSettings
from backend.storage.settings import StorageSettings
from bot.settings import BotSettings


class RuntimeSettings(BaseSettings):
    """Where the process keeps its files and how loudly it logs."""

    model_config = SettingsConfigDict(env_prefix="DAIBAN_", extra="ignore")

    var_dir: Path = Path("var")
    log_level: str = "WARNING"  # read by the CLI's --log-level too


class DemoSettings(BaseSettings):
    """Where the local Bot API sandbox and its web chat listen (demo, or no bot token)."""

    model_config = SettingsConfigDict(env_prefix="DAIBAN_", extra="ignore")

    sandbox_host: str = "127.0.0.1"
    sandbox_port: int = 8081  # 0: any free port


class Settings(BaseModel):
    """The effective settings of one daiban process."""

    model_config = ConfigDict(frozen=True)

    runtime: RuntimeSettings
    storage: StorageSettings
    calendar: CalendarSettings
    service: CaseServiceSettings
    api: ApiSettings
    bot: BotSettings
    demo: DemoSettings


_GENERATED_SECRETS = {
    "service_token": lambda: secrets.token_urlsafe(32),
    # A Fernet key: 32 random bytes, url-safe base64.
    "encryption_key": lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
}


def load_settings(
    env_file: Path | None = Path(".env"), *, generate_secrets: bool = True
) -> Settings:
    """Read every component's settings; fill the var-dependent defaults and secrets."""
    kwargs: dict[str, Any] = {"_env_file": env_file if env_file and env_file.exists() else None}
    runtime = RuntimeSettings(**kwargs)
    storage = StorageSettings(**kwargs)
    calendar = CalendarSettings(**kwargs)
    service = CaseServiceSettings(**kwargs)
    api = ApiSettings(**kwargs)
    bot = BotSettings(**kwargs)
    demo = DemoSettings(**kwargs)
    var_dir = runtime.var_dir.resolve()
    if not storage.database_url:
        storage = storage.model_copy(
            update={"database_url": f"sqlite+aiosqlite:///{var_dir / 'daiban.db'}"}
        )
    if generate_secrets:
        updates = {
            name: SecretStr(read_or_create_secret(var_dir / "secrets" / name, make))
            for name, make in _GENERATED_SECRETS.items()
            if getattr(service, name) is None
        }
        service = service.model_copy(update=updates)
        if bot.webhook_secret is None:
            # Telegram allows A-Z, a-z, 0-9, _ and - in the secret token.
            secret = read_or_create_secret(var_dir / "secrets" / "webhook_secret",
                                           lambda: secrets.token_urlsafe(32))
            bot = bot.model_copy(update={"webhook_secret": SecretStr(secret)})
    return Settings(runtime=runtime, storage=storage, calendar=calendar, service=service,
                    api=api, bot=bot, demo=demo)


def read_or_create_secret(path: Path, make: Any) -> str:
    """Return the secret stored at `path`, creating it (mode 0600) on first use.

    O_EXCL makes two processes starting at once agree on one secret: the loser of the
    race reads what the winner wrote.
    """
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = make()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def masked_items(settings: Settings) -> list[tuple[str, str, str]]:
    """(component, name, value) for printing, with every secret masked."""
    rows: list[tuple[str, str, str]] = []
    for component in ("runtime", "storage", "calendar", "service", "api", "bot", "demo"):
        model = getattr(settings, component)
        for name in type(model).model_fields:
            value = getattr(model, name)
            if isinstance(value, SecretStr):
                shown = "********" if value.get_secret_value() else ""
            elif value is None:
                shown = ""
            else:
                shown = mask_url_password(str(value)) if name.endswith("_url") else str(value)
            rows.append((component, f"DAIBAN_{name.upper()}", shown))
    return rows


def mask_url_password(url: str) -> str:
    """Hide the password of a database URL such as postgresql://user:pw@host/db."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user, colon, _password = credentials.partition(":")
    return f"{scheme}://{user}{':********' if colon else ''}@{host}"
