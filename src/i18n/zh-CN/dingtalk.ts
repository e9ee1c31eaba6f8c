/** zh-CN messages: dingtalk. */
export const dingtalk = {
  /** In a DingTalk group the robot sees only messages that @mention it. */
  groupHelp: "在钉钉群里，请先 @督办 再发送，否则我收不到，例如“@督办 #中央-07-2 河道清淤完成60%”并附照片。私聊我则不必 @。",
  /** Said once in a group: when the robot is added to it, or at the first @mention while the group is unbound. */
  howTo: "大家好，我是督办，帮大家记整改台账。在本群汇报进展请先 @督办，例如“@督办 #中央-07-2 河道清淤完成60%”并附照片；发送“@督办 /帮助”查看全部用法。协调员请在群里发送“@督办 /设置群 单位 <单位名称>”（或“/设置群 领导”）设置本群用途。",
  /** Under a card's buttons in a group without a card template: a button's text to send with an @mention. */
  buttonInGroup: (p: { text: string }) => `在群里请 @督办 回复：${p.text}`,
};
