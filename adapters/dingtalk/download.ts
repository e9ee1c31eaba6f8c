/**
 * A picture or file someone sent the robot: its downloadCode is exchanged for a short-lived
 * URL with `POST /v1.0/robot/messageFiles/download { downloadCode, robotCode }`
 * (open.dingtalk.com/document/orgapp/download-the-file-content-of-the-robot-receiving-message),
 * and the URL fetched without the token (it is signed itself).
 */
import { z } from "zod";
import type { MediaRef } from "../../src/core/chat";
import { apiUrl, CALL_TIMEOUT_MS, DingTalkApiError, postJson, readAnswer } from "./api";
import type { TokenSource } from "./token";

const answer = z.object({ downloadUrl: z.string().url() });

export async function downloadFile(media: MediaRef, deps: { apiUrl: string; robotCode: string; tokens: TokenSource }): Promise<Uint8Array> {
  const call = async (token: string) =>
    answer.parse(
      await readAnswer(
        await postJson(apiUrl(deps.apiUrl, "/v1.0/robot/messageFiles/download"), { downloadCode: media.fileId, robotCode: deps.robotCode }, { "x-acs-dingtalk-access-token": token }),
        "file download",
      ),
    );
  const token = await deps.tokens.get();
  let link: z.infer<typeof answer>;
  try {
    link = await call(token);
  } catch (err) {
    if (!(err instanceof DingTalkApiError) || err.status !== 401) throw err;
    deps.tokens.invalidate(token);
    link = await call(await deps.tokens.get());
  }
  const res = await fetch(link.downloadUrl, { signal: AbortSignal.timeout(CALL_TIMEOUT_MS * 4) });
  if (!res.ok) throw new DingTalkApiError(`file download: HTTP ${res.status}`, res.status, undefined, undefined);
  return new Uint8Array(await res.arrayBuffer());
}
