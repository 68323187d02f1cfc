"""/remind: a group's reminder settings (Group.settings JSON). Anyone registered may look;
admins change. The scheduler reads the settings; `on_settings_changed` tells it at once."""
from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import event

from handlers.reminders import (OFF, ON, RemindSettings, hhmm, parse_hhmm, parse_quiet, parse_weekly)
from handlers.access import require_admin
from handlers.base import Context, Incoming, Reply
from handlers.feature import Feature, UserError
from handlers.texts import common as C
from handlers.texts import remind as T
from storage import people
from storage import pushes as store
from storage.models import Group

# Called after a settings change has been committed (the scheduler registers itself).
on_settings_changed: list[Callable[[], None]] = []

KEYS = {"截止": "deadline", "截止时间": "deadline", "报送截止": "deadline", "催报": "remind_at", "汇总": "tally_at", "截止汇总": "tally_at", "隐患": "hazards_at",
        "隐患提醒": "hazards_at", "周报": "weekly", "免打扰": "quiet", "领导群": "leaders_chat_id",
        "负责人": "chief_after", "私信负责人": "chief_after", "报领导": "leaders_after",
        "报领导群": "leaders_after", "节假日": "holidays", "节假日升级": "holidays", "话题": "topic",
        "通知催收": "notice_after", "通知提醒": "notice_after", "通知签收": "notice_after"}
# At most 12 hours, in minutes: after the deadline the ladder ends within the day; after a
# notice its reminder comes well inside reminders.NOTICE_WINDOW (quiet hours may hold it
# for a night).
MAX_DELAY = 720
DEFAULT_DEADLINE = Group.model_fields["deadline"].default
_DELAY = re.compile(r"^(\d{1,4}(?:\.\d{1,2})?)\s*(分钟|分|min|小时|个小时|钟头|个钟头|h)?$", re.IGNORECASE)
ON_WORDS = ("开启", "打开", "开", "on")
OFF_WORDS = ("关闭", "关", "停用", "off")


def _value_text(cfg: RemindSettings, key: str, group: Group, ctx: Context) -> str:
    mark = "" if key in cfg.explicit else T.DEFAULT_MARK
    if key == "weekly":
        if cfg.weekly is None:
            return T.OFF
        return f"{T.WEEKDAYS[cfg.weekly[0]]} {hhmm(cfg.weekly[1])}{mark}"
    if key == "quiet":
        return T.OFF if cfg.quiet is None else f"{hhmm(cfg.quiet[0])}-{hhmm(cfg.quiet[1])}{mark}"
    if key == "leaders_chat_id":
        if cfg.leaders_chat_id is None:
            return T.NOT_SET
        leaders = people.get_group(session=ctx.session, chat_id=cfg.leaders_chat_id)
        return f"{leaders.title}（{cfg.leaders_chat_id}）" if leaders else str(cfg.leaders_chat_id)
    at = getattr(cfg, key)
    return T.OFF if at is None else f"{hhmm(at)}{mark}"


def _delay_text(minutes: int | None, key: str, cfg: RemindSettings) -> str:
    if minutes is None:
        return T.OFF
    return T.LADDER_AFTER.format(minutes=minutes) + ("" if key in cfg.explicit else T.DEFAULT_MARK)


def _notice_delay_text(cfg: RemindSettings) -> str:
    if cfg.notice_after is None:
        return T.OFF
    hours, minutes = divmod(cfg.notice_after, 60)
    text = (T.HOURS.format(hours=hours) if hours else "") + (T.MINUTES.format(minutes=minutes) if minutes else "")
    return T.LINE_NOTICE_ON.format(delay=text) + ("" if "notice_after" in cfg.explicit else T.DEFAULT_MARK)


def parse_delay(value: str) -> int | None:
    """"2小时", "1.5小时", "90分钟", "90" (minutes) → minutes; None when not a delay."""
    m = _DELAY.match(value.strip())
    if not m:
        return None
    number, unit = float(m.group(1)), (m.group(2) or "分钟").lower()
    minutes = number * 60 if unit in ("小时", "个小时", "钟头", "个钟头", "h") else number
    return int(minutes) if minutes == int(minutes) else None


def settings_text(group: Group, ctx: Context) -> str:
    cfg = RemindSettings.of(group)
    lines = [T.SETTINGS_HEADER.format(state=T.STATE_ON if cfg.enabled else T.STATE_OFF),
             T.LINE_DEADLINE.format(value=group.deadline + (T.DEFAULT_MARK if group.deadline == DEFAULT_DEADLINE else "")),
             T.LINE_REMIND.format(value=_value_text(cfg, "remind_at", group, ctx), deadline=group.deadline),
             T.LINE_TALLY.format(value=_value_text(cfg, "tally_at", group, ctx)),
             T.LINE_HAZARDS.format(value=_value_text(cfg, "hazards_at", group, ctx)),
             T.LINE_WEEKLY.format(value=_value_text(cfg, "weekly", group, ctx)),
             T.LINE_QUIET.format(value=_value_text(cfg, "quiet", group, ctx)),
             T.LINE_LEADERS.format(value=_value_text(cfg, "leaders_chat_id", group, ctx)),
             T.LINE_LADDER.format(chief=_delay_text(cfg.chief_after, "chief_after", cfg),
                                  leaders=_delay_text(cfg.leaders_after, "leaders_after", cfg),
                                  holidays=T.HOLIDAYS_ON if cfg.holidays else T.HOLIDAYS_OFF),
             T.LINE_NOTICE.format(value=_notice_delay_text(cfg)),
             T.LINE_TOPIC.format(value=_topic_text(group)),
             T.LINE_CHAT_ID.format(chat_id=group.chat_id), T.SETTINGS_HELP]
    return "\n".join(lines)


async def _show(incoming: Incoming, ctx: Context) -> list[Reply]:
    group = ctx.group
    if group is not None and group.role == "leaders":
        return [Reply(T.LEADERS_CHAT.format(chat_id=group.chat_id))]
    if group is None or not people.roster(session=ctx.session, group=group):
        return [Reply(T.UNSET_CHAT.format(chat_id=incoming.chat_id))]
    return [Reply(settings_text(group, ctx))]


def _topic_text(group: Group) -> str:
    topic = (group.settings or {}).get("topic")
    return T.TOPIC_GENERAL if topic is None else T.TOPIC_VALUE.format(topic=topic)


def _topic(incoming: Incoming, value: str) -> int | None:
    """A forum topic for pushes: "本话题" (where the command was sent), its number, or 关闭."""
    if value.lower() in OFF_WORDS:
        return None
    if value in T.TOPIC_HERE:
        if incoming.thread_id is None:
            raise UserError(T.TOPIC_NOT_IN_ONE)
        return incoming.thread_id
    if value.isdigit() and 0 < int(value) < 2**31:
        return int(value)
    raise UserError(T.BAD_TOPIC.format(value=value))


def _parse_value(key: str, value: str) -> str:
    """The stored form of a value, or UserError with what was expected."""
    if value.lower() in OFF_WORDS:
        return OFF
    if key == "holidays":
        if value.lower() in ON_WORDS:
            return ON
        raise UserError(T.USAGE)
    if key in ("notice_after", "chief_after", "leaders_after"):
        minutes = parse_delay(value)
        if minutes is None or not 0 < minutes <= MAX_DELAY:
            raise UserError((T.BAD_NOTICE_DELAY if key == "notice_after" else T.BAD_MINUTES).format(value=value))
        return str(minutes)
    if key == "weekly":
        parsed = parse_weekly(value)
        if parsed is None:
            raise UserError(T.BAD_WEEKLY.format(value=value))
        return f"{parsed[0]} {hhmm(parsed[1])}"
    if key == "quiet":
        quiet = parse_quiet(value)
        if quiet is None:
            raise UserError(T.BAD_QUIET.format(value=value))
        return f"{hhmm(quiet[0])}-{hhmm(quiet[1])}"
    at = parse_hhmm(value)
    if at is None:
        raise UserError(T.BAD_TIME.format(value=value))
    return hhmm(at)


def _parse_deadline(value: str) -> str:
    """The duty deadline as HH:MM; it has no "off": every duty day has one."""
    if value.lower() in OFF_WORDS:
        raise UserError(T.DEADLINE_NO_OFF)
    at = parse_hhmm(value)
    if at is None:
        raise UserError(T.BAD_TIME.format(value=value))
    return hhmm(at)


def _leaders_target(ctx: Context, group: Group, value: str) -> int | None:
    """An enrolled group, by chat id or by a title only one enrolled group carries."""
    if value.lower() in OFF_WORDS:
        return None
    if value.lstrip("-").isdigit():
        found = people.get_group(session=ctx.session, chat_id=int(value))
        candidates = [found] if found is not None and found.enrolled_at is not None else []
    else:
        candidates = people.enrolled_groups(session=ctx.session, title=value)
    if len(candidates) > 1:
        which = "、".join(f"{g.title}（{g.chat_id}）" for g in candidates)
        raise UserError(T.LEADERS_WHICH.format(name=value, groups=which))
    if not candidates:
        raise UserError(T.LEADERS_UNKNOWN.format(name=value))
    target = candidates[0]
    if target.id == group.id:
        raise UserError(T.LEADERS_SELF)
    if target.role == "duty" and people.roster(session=ctx.session, group=target):
        raise UserError(T.LEADERS_IS_DUTY.format(name=target.title))
    target.role = "leaders"             # a leaders' group sees every unit
    return target.chat_id


def _changed(ctx: Context) -> None:
    def notify(_session) -> None:
        for listener in list(on_settings_changed):
            listener()
    event.listen(ctx.session, "after_commit", notify, once=True)


async def remind(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    if incoming.chat_type == "private":
        raise UserError(C.PRIVATE_ONLY_GROUP)
    if not args.strip():
        return await _show(incoming, ctx)
    await require_admin(ctx, incoming)
    group = ctx.group
    if group is not None and group.role == "leaders":
        raise UserError(T.LEADERS_CHAT.format(chat_id=group.chat_id))
    if group is None or group.role != "duty":
        raise UserError(C.NOT_SET_UP)
    word, _, value = args.strip().partition(" ")
    settings = dict(group.settings or {})
    deadline_text = group.deadline
    if word in ON_WORDS + OFF_WORDS and not value:
        settings["enabled"] = word in ON_WORDS
        answer = T.ALL_ON if settings["enabled"] else T.ALL_OFF
    elif word in KEYS and value.strip():
        key, value = KEYS[word], value.strip()
        if key == "deadline":
            deadline_text = _parse_deadline(value)
        elif key == "leaders_chat_id":
            settings[key] = _leaders_target(ctx, group, value)
        elif key == "topic":
            settings[key] = _topic(incoming, value)
        else:
            settings[key] = _parse_value(key, value)
        answer = T.SAVED.format(what=T.NAMES[key])
    else:
        raise UserError(T.USAGE)
    cfg = RemindSettings.of(Group(chat_id=group.chat_id, deadline=deadline_text, settings=settings))
    deadline = parse_hhmm(deadline_text)
    if cfg.remind_at is not None and deadline is not None and cfg.remind_at >= deadline:
        raise UserError(T.REMIND_AFTER_DEADLINE.format(deadline=deadline_text))
    if cfg.chief_after and cfg.leaders_after and cfg.leaders_after <= cfg.chief_after:
        raise UserError(T.LADDER_ORDER.format(chief=cfg.chief_after, leaders=cfg.leaders_after))
    store.save_settings(group=group, settings=settings, deadline=deadline_text)
    _changed(ctx)
    return [Reply(answer + "\n\n" + settings_text(group, ctx))]


feature = Feature(
    name="remind",
    commands={"/remind": remind},
    menu=[("remind", "定时提醒设置")],
)
