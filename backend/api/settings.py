"""Where the case service listens, and the test-only switch for moving its clock."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiSettings(BaseSettings):
    """The API listens on loopback by default: in a real district a TLS reverse proxy
    stands in front of it (docs/), and the bot reaches it over the same host."""

    model_config = SettingsConfigDict(env_prefix="DAIBAN_", extra="ignore")

    api_host: str = "127.0.0.1"
    api_port: int = 8080
    # Test-only: exposes POST /api/v1/testing/clock so an end-to-end test can move a
    # running process's time forward (due dates, escalations). Never set in production.
    test_clock_control: bool = False
