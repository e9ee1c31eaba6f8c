/**
 * Socket Mode, acknowledged after the event is recorded. Bolt acknowledges an Events API
 * envelope before any listener runs (App.processEvent: "Events API requests are
 * acknowledged right away"), and over the socket that ack goes to Slack at once: a crash
 * or a failed inbox write after it would lose the event, since Slack sends again only
 * envelopes it was not acknowledged. This receiver holds an event's ack until Bolt has run
 * the listener (deliver() returns once the event is in the inbox) and drops it when the
 * listener failed, so that Slack delivers the envelope again, as the HTTP path's 500 does.
 */
import { SocketModeReceiver, type App, type Logger as BoltLogger, type ReceiverEvent } from "@slack/bolt";
import type { Logger } from "../../src/log";

export function recordFirstSocketReceiver(opts: {
  appToken: string;
  clientOptions: { slackApiUrl: string };
  logger: BoltLogger;
  log: Logger;
}): SocketModeReceiver {
  const receiver = new SocketModeReceiver({ appToken: opts.appToken, logger: opts.logger, installerOptions: { clientOptions: opts.clientOptions } });
  const init = receiver.init.bind(receiver);
  // The receiver's only use of the app is processEvent: it gets one that acks after recording.
  receiver.init = (app: App) => init({ processEvent: (event: ReceiverEvent) => processThenAck(app, event, opts.log) } as unknown as App);
  return receiver;
}

async function processThenAck(app: App, event: ReceiverEvent, log: Logger): Promise<void> {
  // Commands and button presses are answered by their listener's ack() (with a text, in time); only events wait.
  if ((event.body as { type?: unknown }).type !== "event_callback") return app.processEvent(event);
  let held: { response?: unknown } | undefined;
  try {
    await app.processEvent({ ...event, ack: async (response?: unknown) => void (held = { response }) });
  } catch (err) {
    const eventId = (event.body as { event_id?: unknown }).event_id;
    log.warn("slack event over the socket not recorded; left unacknowledged for Slack to send again", { eventId, err });
    return;
  }
  if (held) await event.ack(held.response as Parameters<ReceiverEvent["ack"]>[0]);
}
