"""DingTalk's OpenAPI as the adapter calls it, with aiohttp (the SDK's helpers use blocking
requests): the app's access token, robot messages to a group or a member, interactive
cards (create and deliver, update), and media upload to the older oapi host.

Hosts come from the settings (DINGTALK_API_BASE, DINGTALK_OAPI_BASE): 专有钉钉
deployments have their own, tests a local fake. Errors are raised as DingTalkError
(refused: the pacer gives up), DingTalkThrottled (wait and retry) or DingTalkUnavailable
(network or server: back off and retry). No secret or token is ever logged."""
from __future__ import annotations

import json
import logging
import time
from typing import Any

import aiohttp

log = logging.getLogger(__name__)
TOKEN_MARGIN = 300          # seconds: a token is renewed this long before it expires
THROTTLE_WAIT = 60.0        # when DingTalk says "too fast" without saying how long
TIMEOUT = aiohttp.ClientTimeout(total=30)


class DingTalkError(Exception):
    """DingTalk refused the call (bad request, no permission...)."""

    def __init__(self, status: int, code: str, message: str = ""):
        super().__init__(f"HTTP {status} {code} {message[:120]}")
        self.status, self.code = status, code


class DingTalkThrottled(DingTalkError):
    def __init__(self, status: int, code: str, retry_after: float):
        super().__init__(status, code, "throttled")
        self.retry_after = retry_after


class DingTalkUnavailable(Exception):
    """The network or DingTalk's server failed; worth retrying."""


def _throttled(status: int, code: str) -> bool:
    # 429, and the QPS-limit codes of the v1.0 API and the robot's 130101 "send too fast".
    return status == 429 or "QpsLimit" in code or "Throttling" in code or code == "130101"


class OpenApi:
    def __init__(self, *, client_id: str, client_secret: str, robot_code: str,
                 api_base: str, oapi_base: str, session: aiohttp.ClientSession | None = None):
        self.client_id, self._secret, self.robot_code = client_id, client_secret, robot_code
        self.api_base, self.oapi_base = api_base.rstrip("/"), oapi_base.rstrip("/")
        self._session = session
        self._token: tuple[str, float] | None = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    # ---- the app's access token ---------------------------------------------------------
    async def token(self) -> str:
        if self._token and time.monotonic() < self._token[1]:
            return self._token[0]
        body = await self._request("POST", f"{self.api_base}/v1.0/oauth2/accessToken",
                                   json_body={"appKey": self.client_id, "appSecret": self._secret})
        token, expires = body["accessToken"], float(body.get("expireIn", 7200))
        self._token = (token, time.monotonic() + max(60.0, expires - TOKEN_MARGIN))
        return token

    async def _call(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        for attempt in (1, 2):
            headers = {"x-acs-dingtalk-access-token": await self.token()}
            try:
                return await self._request(method, f"{self.api_base}{path}", json_body=body, headers=headers)
            except DingTalkError as exc:
                if exc.status == 401 and attempt == 1:
                    self._token = None          # expired early or revoked: fetch a new one once
                    continue
                raise
        raise AssertionError("unreachable")

    async def _request(self, method: str, url: str, *, json_body: Any = None, data: Any = None,
                       headers: dict[str, str] | None = None) -> dict[str, Any]:
        try:
            async with self.session.request(method, url, json=json_body, data=data, headers=headers) as resp:
                text = await resp.text()
                status, retry_after = resp.status, resp.headers.get("Retry-After")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise DingTalkUnavailable(type(exc).__name__) from None
        try:
            body = json.loads(text) if text else {}
        except ValueError:
            body = {}
        code = str(body.get("code") or body.get("errcode") or "") if isinstance(body, dict) else ""
        if code == "0":
            code = ""
        if status >= 500:
            raise DingTalkUnavailable(f"HTTP {status}")
        if _throttled(status, code):
            raise DingTalkThrottled(status, code, float(retry_after) if retry_after else THROTTLE_WAIT)
        if status >= 400 or code:
            raise DingTalkError(status, code, str(body.get("message") or body.get("errmsg") or ""))
        return body if isinstance(body, dict) else {}

    # ---- robot messages -----------------------------------------------------------------
    async def send_group(self, conversation_id: str, msg_key: str, param: dict[str, Any]) -> str:
        body = await self._call("POST", "/v1.0/robot/groupMessages/send", {
            "robotCode": self.robot_code, "openConversationId": conversation_id,
            "msgKey": msg_key, "msgParam": json.dumps(param, ensure_ascii=False)})
        return str(body.get("processQueryKey", ""))

    async def send_private(self, staff_id: str, msg_key: str, param: dict[str, Any]) -> str:
        body = await self._call("POST", "/v1.0/robot/oToMessages/batchSend", {
            "robotCode": self.robot_code, "userIds": [staff_id],
            "msgKey": msg_key, "msgParam": json.dumps(param, ensure_ascii=False)})
        return str(body.get("processQueryKey", ""))

    # ---- interactive cards (callbacks come back on the Stream's card topic) -------------
    async def create_card(self, *, template: str, out_track_id: str, params: dict[str, str],
                          conversation_id: str | None, staff_id: str | None) -> None:
        body: dict[str, Any] = {
            "cardTemplateId": template, "outTrackId": out_track_id, "callbackType": "STREAM",
            "cardData": {"cardParamMap": params},
            "imGroupOpenSpaceModel": {"supportForward": False},
            "imRobotOpenSpaceModel": {"supportForward": False}}
        if conversation_id is not None:
            body["openSpaceId"] = f"dtv1.card//IM_GROUP.{conversation_id}"
            body["imGroupOpenDeliverModel"] = {"robotCode": self.robot_code}
        else:
            body["openSpaceId"] = f"dtv1.card//IM_ROBOT.{staff_id}"
            body["imRobotOpenDeliverModel"] = {"spaceType": "IM_ROBOT", "robotCode": self.robot_code}
        await self._call("POST", "/v1.0/card/instances/createAndDeliver", body)

    async def update_card(self, *, out_track_id: str, params: dict[str, str]) -> None:
        await self._call("PUT", "/v1.0/card/instances", {
            "outTrackId": out_track_id, "cardData": {"cardParamMap": params},
            "cardUpdateOptions": {"updateCardDataByKey": True}})

    # ---- files: upload to the oapi host (the SDK's upload_to_dingtalk ignores it) -------
    async def upload(self, filename: str, content: bytes, kind: str = "file") -> str:
        form = aiohttp.FormData(quote_fields=False)    # the file's name as it is (UTF-8), not %-escaped
        form.add_field("type", kind)
        form.add_field("media", content, filename=filename, content_type="application/octet-stream")
        token = await self.token()
        body = await self._request("POST", f"{self.oapi_base}/media/upload?access_token={token}", data=form)
        media_id = body.get("media_id")
        if not media_id:
            raise DingTalkError(200, "no_media_id", "upload answered without a media_id")
        return str(media_id)
