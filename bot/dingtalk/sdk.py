"""Loading dingtalk-stream. The SDK reads its OpenAPI host from DINGTALK_OPENAPI_ENDPOINT
once, at import, so it is set from DINGTALK_API_BASE before the first import (a later
change of the setting cannot reach an SDK already imported: logged)."""
from __future__ import annotations

import importlib
import logging
import os
import sys
from types import ModuleType

log = logging.getLogger(__name__)


def load(api_base: str) -> ModuleType:
    wanted = api_base.rstrip("/")
    if "dingtalk_stream" not in sys.modules:
        os.environ["DINGTALK_OPENAPI_ENDPOINT"] = wanted
    module = importlib.import_module("dingtalk_stream")
    from dingtalk_stream import utils
    if utils.DINGTALK_OPENAPI_ENDPOINT != wanted:
        log.warning("dingtalk_stream was imported with another OpenAPI host; the adapter's own "
                    "calls use DINGTALK_API_BASE regardless")
    return module
