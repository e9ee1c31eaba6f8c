/**
 * Stream mode: the real `dingtalk-stream` client connects out to DingTalk's gateway, so
 * the bot needs no public address. The SDK fixes the gateway address in its code
 * (GATEWAY_URL in node_modules/dingtalk-stream/dist/constants.mjs), so getEndpoint() is
 * overridden to ask the configured one (DINGTALK_GATEWAY_URL): a government edition's own
 * open platform, or a local fake in tests. The request and answer are the SDK's own
 * (`{ clientId, clientSecret, ua, subscriptions }` → `{ endpoint, ticket }`).
 */
import { DWClient } from "dingtalk-stream";
import { z } from "zod";
import { postJson, readAnswer } from "./api";

const endpointAnswer = z.object({ endpoint: z.string().min(1), ticket: z.string().min(1) });

export class GatewayClient extends DWClient {
  constructor(
    opts: { clientId: string; clientSecret: string },
    private readonly gatewayUrl: string,
  ) {
    super({ ...opts, keepAlive: true, ua: "duban" });
  }

  override async getEndpoint(): Promise<this> {
    const config = this.getConfig();
    const res = await postJson(this.gatewayUrl, { clientId: config.clientId, clientSecret: config.clientSecret, ua: config.ua, subscriptions: config.subscriptions });
    const { endpoint, ticket } = endpointAnswer.parse(await readAnswer(res, "stream gateway"));
    // The SDK keeps the socket address in a field its types call private.
    (this as unknown as { dw_url: string }).dw_url = `${endpoint}?ticket=${encodeURIComponent(ticket)}`;
    return this;
  }
}
