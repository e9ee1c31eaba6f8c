/**
 * Questions asked with buttons whose answers are too long for button data (Telegram hands
 * back at most 64 bytes): "which 水利 unit?" after a /催办 with its request and 期限, or a
 * /转办 with its reason. The full commands stay here; the buttons carry a short token and
 * an index. A pending choice is no change to the ledger, so it writes no audit event.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { clientOf, type Session } from "./session";

/** How long a question's buttons keep working. */
export const CHOICE_TTL_MS = 7 * 24 * 3600_000;

const COMMANDS = z.array(z.string().min(1)).min(1);

/** Keeps the commands the buttons stand for; gives the token the buttons carry. */
export async function keepChoice(session: Session, commands: string[], now: Date): Promise<string> {
  const tx = clientOf(session);
  // Questions nobody answered are dropped as new ones are asked: the table stays small.
  await tx.pendingChoice.deleteMany({ where: { expiresAt: { lt: now } } });
  const token = randomBytes(9).toString("base64url");
  await tx.pendingChoice.create({
    data: { token, commands: JSON.stringify(commands), createdAt: now, expiresAt: new Date(now.getTime() + CHOICE_TTL_MS) },
    select: { token: true },
  });
  return token;
}

/**
 * The command behind button `index` of the question, once: the question is answered and its
 * other buttons stop working. Null for an unknown, expired or already answered question.
 */
export async function takeChoice(session: Session, token: string, index: number, now: Date): Promise<string | null> {
  const tx = clientOf(session);
  const row = await tx.pendingChoice.findUnique({ where: { token }, select: { commands: true, expiresAt: true } });
  if (!row) return null;
  const command = commandAt(row.commands, index);
  if (command === null) return null;
  // Two presses at once: only the one that removes the row goes on.
  const { count } = await tx.pendingChoice.deleteMany({ where: { token } });
  return count === 1 && row.expiresAt >= now ? command : null;
}

function commandAt(json: string, index: number): string | null {
  let stored: unknown;
  try {
    stored = JSON.parse(json);
  } catch {
    return null;
  }
  const commands = COMMANDS.safeParse(stored);
  return commands.success ? (commands.data[index] ?? null) : null;
}
