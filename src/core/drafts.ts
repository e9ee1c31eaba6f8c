/**
 * What a county's ledger file says about one record, read and checked: the import's
 * parser produces these and the ledger's importRows writes them. A field whose column
 * the file lacks is undefined, so that an update never blanks what the file does not
 * speak about.
 */
import type { CaseStatus, Category, Day, Finding, ItemSource, ItemStatus } from "./types";

export interface PersonName {
  name: string;
  phone: string | null;
}

export interface ItemDraft {
  row: number;
  code: string;
  source: ItemSource;
  batch?: string | null;
  category?: Category;
  problem: string;
  title: string;
  target?: string;
  measures?: string;
  /** Where the problem is (地点): what people remember and search by. */
  place?: string | null;
  /** The place's coordinates in WGS-84 (converted from the sheet's GCJ-02); null for empty cells. */
  lat?: number | null;
  lon?: number | null;
  leaderName?: string | null;
  leadUnit: string;
  coUnits?: string[];
  people?: PersonName[];
  longTerm: boolean;
  deadline: Day | null;
  progressNote?: string | null;
  completionNote?: string | null;
  /** The state a new item starts in (from 完成情况); a known item's lifecycle is the bot's. */
  initialStatus: ItemStatus;
  /** The 序号 as written ("19-1"); undefined when the row has none. */
  seq?: string;
  /** The row's place among the file's items of its source, from 1 (set when the whole file is read). */
  sheetOrder?: number;
  /** The notes are a duban export's live values: kept for a new item, never compared with a known one's. */
  liveNotes?: boolean;
}

export interface CaseDraft {
  row: number;
  caseNo: string;
  batch?: string | null;
  assignedOn: Day;
  summary: string;
  place?: string | null;
  pollutionType?: string | null;
  unit: string;
  ownerLeader?: string | null;
  due?: Day | null;
  status?: CaseStatus;
  finding?: Finding | null;
  actions?: string | null;
  accountability?: string | null;
  disclosed?: boolean;
  repeats?: string;
  /** The code of the ledger item the case is about; a blank cell leaves the case's link as it is. */
  item?: string;
  petitionerName?: string | null;
  petitionerContact?: string | null;
}

export interface UnitDraft {
  row: number;
  name: string;
  aliases: string[];
  parent?: string;
}
