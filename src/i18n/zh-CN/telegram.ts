/** zh-CN messages: telegram. */
export const telegram = {
  /** Said in the new supergroup once its binding has followed it. */
  chatMoved: "本群已升级为超级群，绑定和日报设置已随群迁移。",
  /** To an anonymous group admin: Telegram hides who they are, so nothing they send can be attributed. */
  anonymousSender: "匿名管理员身份无法报送，请关闭匿名后以个人身份发言。",
};
