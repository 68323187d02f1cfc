"""The Telegram edge (aiogram 3): updates in, replies out, pacing, edit coalescing, webhook."""
