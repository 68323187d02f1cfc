"""Hazards (隐患): a one-message report becomes a card; missing place or description is
asked for; replies and buttons under the card move it 待整改 → 整改中 → 已整改 → 已销号;
/hazards lists the open ones, /hazard YH-… shows one with its history, /ledger exports
the 台账.

  common.py  what the parts share (conversation kind, clock, names, the unit a place names)
  card.py    the card: text, history, buttons
  report.py  reporting: one message, or questions for what is missing, then filed
  status.py  moving a hazard: buttons, replies under the card, photos, "…已整改" without a card
  ledger.py  /hazards and the /ledger spreadsheet
"""
from __future__ import annotations

from handlers.feature import Feature
from handlers.hazard.card import card, card_text
from handlers.hazard.common import KIND
from handlers.hazard.ledger import build_ledger, cmd_hazards, cmd_ledger, ledger_file, month_of
from handlers.hazard.report import cmd_hazard, on_answer, on_expired, on_hazard
from handlers.hazard.status import before_text, on_button, on_card_reply, on_rectified

__all__ = ["feature", "build_ledger", "ledger_file", "month_of", "card", "card_text"]

feature = Feature(
    name="hazard",
    commands={"/hazard": cmd_hazard, "/hazards": cmd_hazards, "/ledger": cmd_ledger},
    callbacks={"hz": on_button},
    replies={KIND: on_card_reply},
    conversations={KIND: on_answer},
    expired={KIND: on_expired},
    intents={"hazard": on_hazard, "rectified": on_rectified},
    before_text=before_text,
    menu=[("hazard", "登记隐患（或 /hazard YH-编号 查看）"), ("hazards", "本群在办隐患（附明细）"),
          ("ledger", "导出隐患台账：/ledger 本月")],
)
