"""Settings from the environment or `.env`. Created once in __main__ and passed down."""
from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage.db import DEFAULT_DATABASE_URL


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_server: str | None = None        # self-hosted Bot API server base URL
    database_url: str = DEFAULT_DATABASE_URL
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = 8080
    scheduler_lock_retry: float = 15.0            # seconds between a standby's tries for the scheduler lock
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str | None = None
    llm_timeout: float = 60.0
    bot_admins: str = ""                          # comma-separated platform user ids
    timezone: str = "Asia/Shanghai"
    attendance_ceiling: int = Field(default=2000)  # above this a head count asks to confirm
    conversation_minutes: int = 30
    bot_platform: Literal["telegram", "dingtalk"] = "telegram"   # `run --platform` overrides
    dingtalk_client_id: str | None = None           # the internal app's AppKey (Client ID)
    dingtalk_client_secret: SecretStr | None = None
    dingtalk_robot_code: str | None = None           # the app's robot; usually the Client ID
    dingtalk_api_base: str = "https://api.dingtalk.com"     # Stream gateway and v1.0 OpenAPI
    dingtalk_oapi_base: str = "https://oapi.dingtalk.com"   # older endpoints: media upload
    dingtalk_card_template: str = "StandardCard"     # the card template with buttons (README)
    outbox_lease: float = 300.0                   # seconds a sender holds a stored reply before another may send it

    @field_validator("bot_admins")
    @classmethod
    def _ids_only(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            if not part.lstrip("-").isdigit():
                raise ValueError("BOT_ADMINS must be comma-separated numeric user ids")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram accepts 1-256 characters A-Z a-z 0-9 _ - for secret_token.
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -")
        return value

    @property
    def admin_ids(self) -> frozenset[int]:
        return frozenset(int(p) for p in self.bot_admins.split(",") if p.strip())
