"""What the assistant says when a group is upgraded to a supergroup."""
MOVED = "本群已升级为超级群组，值班名单、绑定、提醒设置和在办记录已全部迁移到新群，照常使用即可。"
