/** English messages: wecom. */
export const wecom = {
  choicesElsewhere: (p: { choices: string }) =>
    `Choices: ${p.choices}\n(Buttons cannot be shown in an app group chat, and duban does not hear replies there: send the command in your own chat with the duban app; /help lists them.)`,
};
