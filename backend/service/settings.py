"""Case-service settings: which district this is and the secrets it guards."""

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class CaseServiceSettings(BaseSettings):
    """Identity of the district and the case service's secrets.

    Secrets left empty are generated once into the var directory by the composition
    root, so a fresh install works without a manual step and never prints them.
    """

    model_config = SettingsConfigDict(env_prefix="DAIBAN_", extra="ignore")

    district_code: str = "110117"
    case_number_prefix: str = "PG"
    service_token: SecretStr | None = None
    encryption_key: SecretStr | None = None
