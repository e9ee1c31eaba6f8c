/** zh-CN messages: dingtalk. */
export const dingtalk = {
  /** In a DingTalk group the robot sees only messages that @mention it. */
  groupHelp: "在钉钉群里，请先 @督办 再发送，否则我收不到，例如“@督办 #中央-07-2 河道清淤完成60%”并附照片。私聊我则不必 @。",
};
