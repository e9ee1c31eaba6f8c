/**
 * Writes the files in samples/: `npx tsx samples/generate.ts`. The sample ledger is laid
 * out as county files are — title rows, a two-row header, section headings, a leader's
 * name merged down a section, a footnote — so that importing it exercises all of that.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { writeCsv } from "../src/io/csv";
import { CASE_COLUMNS, DATE_FORMAT, ITEM_COLUMNS, PETITIONER_COLUMNS, UNIT_COLUMNS, startSheet, type Column } from "../src/io/layout";
import { CASES, CENTRAL, PROVINCIAL, RISK, UNITS } from "./sample-data";

const here = dirname(fileURLToPath(import.meta.url));
const FIXED = new Date("2025-12-01T00:00:00Z");

function workbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "duban";
  wb.created = wb.modified = FIXED;
  return wb;
}

const cols = (headers: string[], width = 14): Column[] => headers.map((header) => ({ header, width }));

function centralSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet("中央督察反馈问题");
  ws.columns = [6, 40, 30, 40, 10, 16, 20, 14, 14, 30, 10].map((width) => ({ width }));
  const wide = (text: string, bold = false) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, 11);
    if (bold) row.font = { bold: true, size: 14 };
    return row;
  };
  wide("清河县第二轮中央生态环境保护督察反馈问题整改落实情况台账", true);
  wide("填报单位：县生态环境保护督察整改工作领导小组办公室　　　　截至2025年11月30日");
  const top = ws.addRow(["序号", "反馈问题", "整改目标", "整改措施", "责任领导", "责任单位", null, "责任人", "整改时限", "进展情况", "完成情况"]);
  const sub = ws.addRow([null, null, null, null, null, "牵头单位", "配合单位"]);
  for (const c of [1, 2, 3, 4, 5, 8, 9, 10, 11]) ws.mergeCells(top.number, c, sub.number, c);
  ws.mergeCells(top.number, 6, top.number, 7);
  for (const r of [top, sub]) r.font = { bold: true };
  for (const { section, rows } of CENTRAL) {
    wide(section).font = { bold: true };
    const first = ws.rowCount + 1;
    for (const item of rows) {
      const row = ws.addRow(item);
      row.getCell(9).numFmt = DATE_FORMAT;
      row.alignment = { vertical: "top", wrapText: true };
    }
    // One leader for the whole section, written once as county files do.
    ws.mergeCells(first, 5, ws.rowCount, 5);
  }
  wide("注：整改时限为“长期坚持”的任务，每月5日前报送上月进展。");
}

function simpleSheet(wb: ExcelJS.Workbook, name: string, title: string | null, columns: Column[], rows: unknown[][]): void {
  const ws = startSheet(wb, name, title, columns);
  for (const r of rows) {
    const row = ws.addRow(r);
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = DATE_FORMAT;
    });
  }
}

export function sampleLedger(): ExcelJS.Workbook {
  const wb = workbook();
  centralSheet(wb);
  simpleSheet(wb, "省督察反馈问题", "清河县省生态环境保护督察反馈问题整改台账",
    cols(["编号", "反馈问题", "整改措施", "责任单位", "责任人", "整改时限", "完成情况"]), PROVINCIAL);
  simpleSheet(wb, "风险排查问题清单", null, cols(RISK_HEADERS), RISK);
  simpleSheet(wb, "信访件", "中央生态环境保护督察交办信访件办理情况台账",
    cols(["交办编号", "批次", "交办时间", "反映问题", "所在地", "污染类型", "责任单位", "包案领导", "办理时限", "办理状态", "是否属实", "处理和整改情况", "信访人", "联系方式", "重复件"]),
    CASES);
  simpleSheet(wb, "单位", null, UNIT_COLUMNS, UNITS);
  return wb;
}

export const RISK_HEADERS = ["编号", "类别", "风险隐患", "整改措施", "责任单位", "责任人", "整改时限", "进展情况", "完成情况"];

export function riskCsv(): string {
  return writeCsv([RISK_HEADERS, ...RISK]);
}

const INSTRUCTIONS = [
  "填表说明",
  "1. “整改台账”每个整改任务一行；一个问题分几项整改的，序号写成 7-1、7-2。",
  "2. “编号”可不填：不填时按“前缀-序号”生成，如中央督察第7项为 中央-07。",
  "3. “整改时限”填日期（2026-06-30）、“2025年12月底前”等，或“长期坚持”。",
  "4. “责任单位”填牵头单位，配合单位填在“配合单位”，多个单位用顿号分隔。",
  "5. “信访件”中的信访人和联系方式只用于内部核查，任何导出和群消息中都不会出现。",
  "6. “单位”表登记单位全称和简称（如 县住房和城乡建设局 / 县住建局），导入时按简称匹配。",
  "7. 同一文件可以重复导入：已有编号的任务按文件内容更新，未改动的不变。",
  "8. “经纬度”可不填：写“经度,纬度”（如 119.65,29.08），可从高德、腾讯地图直接复制；佐证照片的拍摄地点离此过远时会标为存疑。",
];

export function templateWorkbook(): ExcelJS.Workbook {
  const wb = workbook();
  startSheet(wb, "整改台账", null, ITEM_COLUMNS);
  startSheet(wb, "信访件", null, [...CASE_COLUMNS, ...PETITIONER_COLUMNS]);
  startSheet(wb, "单位", null, UNIT_COLUMNS);
  const help = wb.addWorksheet("填表说明");
  help.getColumn(1).width = 90;
  for (const line of INSTRUCTIONS) help.addRow([line]);
  return wb;
}

export const TEMPLATE_CSVS = {
  "ledger-template.csv": writeCsv([ITEM_COLUMNS.map((c) => c.header)]),
  "cases-template.csv": writeCsv([[...CASE_COLUMNS, ...PETITIONER_COLUMNS].map((c) => c.header)]),
};

export async function writeSamples(dir = here): Promise<void> {
  writeFileSync(join(dir, "sample-ledger.xlsx"), new Uint8Array(await sampleLedger().xlsx.writeBuffer()));
  writeFileSync(join(dir, "ledger-template.xlsx"), new Uint8Array(await templateWorkbook().xlsx.writeBuffer()));
  writeFileSync(join(dir, "sample-risk.csv"), riskCsv());
  for (const [name, text] of Object.entries(TEMPLATE_CSVS)) writeFileSync(join(dir, name), text);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await writeSamples();
