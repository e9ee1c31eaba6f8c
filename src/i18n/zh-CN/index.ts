/** The zh-CN catalogue (the default): every user-facing string, one section per area. */
import { common } from "./common";
import { bot } from "./bot";
import { digest } from "./digest";
import { web } from "./web";
import { telegram } from "./telegram";
import { slack } from "./slack";
import { dingtalk } from "./dingtalk";
import { wecom } from "./wecom";
import { io } from "./io";
import { commands } from "./commands";
import { reminders } from "./reminders";
import { inbound } from "./inbound";
import { edits } from "./edits";
import { calendar } from "./calendar";
import { history } from "./history";
import { server } from "./server";
import { find } from "./find";
import { office } from "./office";
import { evidence } from "./evidence";
import { audit } from "./audit";
import { dashboard } from "./dashboard";
import { lookback } from "./lookback";

export const zhCN = { common, bot, digest, web, telegram, slack, dingtalk, wecom, io, commands, reminders, inbound, edits, calendar, history, server, find, office, evidence, audit, dashboard, lookback };
