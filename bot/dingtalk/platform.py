"""What handlers may ask of DingTalk (handlers.base.Platform).

DingTalk tells the robot less than Telegram: a message frame carries `isAdmin` (whether
the sender is an administrator of the organisation's DingTalk, not of the group), and
the group's owner and admins need a separate API the robot is not granted here. So
is_chat_admin answers False: a DingTalk group's owner approves nothing by being owner;
binds are approved by the organisation's admins (BOT_ADMINS and those they appoint), as
the trust boundary says. Group messages reach the robot only when they @-mention it,
which is how one talks to it there: the help text says so (not Telegram's privacy-mode
warning, hence can_read_all_group_messages None)."""
from __future__ import annotations


class DingTalkPlatform:
    can_read_all_group_messages: bool | None = None   # not a Telegram privacy mode: see above

    async def is_chat_admin(self, chat_id: int, user_id: int) -> bool | None:
        return False
