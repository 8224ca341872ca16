"""Whether the configured model endpoint answers: a quick GET of its /models list, with a short timeout."""

import hashlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

import streamlit as st
from pydantic import SecretStr

from trainer.llm.chat import host_of
from trainer.llm.settings import Settings

OPENAI_URL = "https://api.openai.com/v1"


@dataclass(frozen=True)
class Reach:
    ok: bool
    message: str


def check(settings: Settings, timeout: float = 3.0) -> Reach:
    """Asks the endpoint for its models; cached for a minute per endpoint, model and key."""
    key = settings.api_key.get_secret_value() if settings.api_key else ""
    fingerprint = hashlib.sha256(key.encode()).hexdigest()[:12]
    return _check(settings.base_url or OPENAI_URL, settings.model, fingerprint, timeout, settings.api_key)


@st.cache_data(ttl=60, show_spinner="Checking the model endpoint...")
def _check(base_url: str, model: str, key_fingerprint: str, timeout: float, _key: SecretStr | None) -> Reach:
    host = host_of(base_url)
    request = urllib.request.Request(base_url.rstrip("/") + "/models")
    if _key is not None:
        request.add_header("Authorization", f"Bearer {_key.get_secret_value()}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            listed = _model_ids(response.read())
    except urllib.error.HTTPError as e:
        if e.code in (401, 403):
            return Reach(False, f"{host} refused the API key ({e.code}); check the key")
        return Reach(True, f"{host} answers (its model list gave {e.code}, which some servers do not offer)")
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        reason = getattr(e, "reason", e)
        return Reach(False, f"cannot reach {host}: {reason}. Is the server running, and is the base URL right?")
    if listed and model not in listed:
        return Reach(False, f"{host} answers, but does not serve {model!r}; it serves {', '.join(listed[:5])}")
    return Reach(True, f"{host} answers" + (f" and serves {model!r}" if listed else ""))


def _model_ids(body: bytes) -> list[str]:
    try:
        data = json.loads(body)
    except ValueError:
        return []
    items = data.get("data", []) if isinstance(data, dict) else []
    return [str(m["id"]) for m in items if isinstance(m, dict) and "id" in m]
