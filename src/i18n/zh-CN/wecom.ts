/** zh-CN messages: wecom. */
export const wecom = {
  /**
   * Under a message with buttons sent into an app group chat: appchat/send takes no template cards
   * and members' messages there never reach the app, so the choices are listed and answered elsewhere.
   */
  choicesElsewhere: (p: { choices: string }) => `可选：${p.choices}\n（应用群聊里不能点按钮，群里的回复督办也收不到：请在与督办应用的单聊中发送命令办理，发送 /帮助 查看用法。）`,
};
