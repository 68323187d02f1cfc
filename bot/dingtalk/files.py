"""A file reply (the 台账 .xlsx, the .docx draft, a chart): uploaded to the oapi host
(DINGTALK_OAPI_BASE; the SDK's upload_to_dingtalk always posts to oapi.dingtalk.com),
then sent as the robot's file message (or image message for a photo). A caption goes
first as its own text message: DingTalk's file message carries none."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.dingtalk.api import OpenApi
from handlers.base import OutFile

Say = Callable[[str, str, dict[str, Any]], Awaitable[None]]     # (log key, msgKey, msgParam)


def file_type(filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return suffix or "file"


async def send_file(api: OpenApi, say: Say, file: OutFile) -> None:
    if file.caption:
        await say("caption", "sampleText", {"content": file.caption})
    kind = "image" if file.kind == "photo" else "file"
    media_id = await api.upload(file.filename, file.content, kind)     # not a message: not paced
    if kind == "image":
        await say("photo", "sampleImageMsg", {"photoURL": media_id})
    else:
        await say("file", "sampleFile", {"mediaId": media_id, "fileName": file.filename,
                                         "fileType": file_type(file.filename)})
