"""Domain-wide delegation: a service account that may act as the people of one Workspace domain.

Configured by GOOGLE_SERVICE_ACCOUNT_KEY_FILE or GOOGLE_SERVICE_ACCOUNT_KEY_JSON and GOOGLE_DELEGATION_DOMAIN.
The service account must belong to the same Google Cloud project as the OAuth client (GOOGLE_CLOUD_PROJECT):
Google counts "the app" by project, so a service account of another project could end no conference in the
spaces meetadmin created.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class DelegationConfig:
    key_info: dict[str, Any]
    domain: str

    @property
    def service_account_email(self) -> str:
        return str(self.key_info.get("client_email", ""))

    @property
    def project_id(self) -> str:
        return str(self.key_info.get("project_id", ""))

    @property
    def same_project_as_oauth_client(self) -> bool:
        return bool(settings.GOOGLE_CLOUD_PROJECT) and self.project_id == settings.GOOGLE_CLOUD_PROJECT

    def may_act_as(self, email: str) -> bool:
        return email.lower().rpartition("@")[2] == self.domain


def delegation_config() -> DelegationConfig | None:
    """None when no delegation is configured; then staff actions on others' spaces are not offered."""
    return _load(
        settings.GOOGLE_SERVICE_ACCOUNT_KEY_FILE,
        settings.GOOGLE_SERVICE_ACCOUNT_KEY_JSON,
        settings.GOOGLE_DELEGATION_DOMAIN,
    )


@cache
def _load(key_file: str, key_json: str, domain: str) -> DelegationConfig | None:
    if not domain or not (key_file or key_json):
        return None
    info = json.loads(key_json) if key_json else json.loads(Path(key_file).read_text())
    return DelegationConfig(key_info=info, domain=domain.lower())
