/**
 * One measured run of the pipeline benchmark, in a process of its own so that its peak
 * memory is its own: `node --import tsx bench/pipeline-leg.ts <spec.json>`. The parent
 * (bench/pipeline.ts) writes the spec and reads the answer.
 *
 * Reports are taken from one queue in order, by one sender at a time or by several
 * workers at once, so whatever a time budget cuts off, what was written is a prefix of
 * the plan: the raw run that follows writes exactly that prefix.
 */
import { readFileSync } from "node:fs";
import { SCALE, plannedReports, type PlannedReport, type PrismaCost, type ReportWriter, type WriterSpec } from "./pipeline-seed";
import { answerParent, maxRssEver, sampleRss } from "./support";

export type Impl = "pipeline" | "raw";
export type Mode = "sequential" | "concurrent";

export interface LegSpec extends WriterSpec {
  impl: Impl;
  mode: Mode;
  /** How many of each kind to write; the pipeline run is given the budget instead. */
  limit?: { text: number; photo: number };
}

export interface Phase {
  done: number;
  ms: number;
  /** This process's CPU time (user + system): less disturbed than ms by a busy machine. */
  cpuMs: number;
}

export interface MemoryAt {
  phase: "loaded" | "opened" | "warm" | "text" | "photo";
  rss: number;
  /** V8's heap: what is live, and what it holds from the system. */
  heapUsed: number;
  heapTotal: number;
  /** The lifetime peak RSS so far. */
  peak: number;
}

export interface LegResult {
  text: Phase;
  photo: Phase;
  /** Highest RSS sampled while the reports went through. */
  peakRss: number;
  /** The process's lifetime high-water mark, start-up included. */
  maxRss: number;
  /** Where the memory went: the process at the end of each phase. */
  memory: MemoryAt[];
  /** The pipeline's Prisma calls per report and CPU per call (the pipeline run only). */
  prisma?: PrismaCost;
}

/** Writes reports from the front of the queue until it is empty or the budget is spent. */
async function drive(reports: PlannedReport[], mode: Mode, budgetMs: number, write: ReportWriter["write"]): Promise<Phase> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  let next = 0;
  const worker = async () => {
    while (next < reports.length && performance.now() - start < budgetMs) await write(reports[next++]!);
  };
  await Promise.all(Array.from({ length: mode === "sequential" ? 1 : SCALE.concurrency }, worker));
  const { user, system } = process.cpuUsage(cpu);
  return { done: next, ms: performance.now() - start, cpuMs: (user + system) / 1000 };
}

async function runLeg(spec: LegSpec): Promise<LegResult> {
  const plan = plannedReports();
  const split = (reports: PlannedReport[], warm: number, limit?: number) => ({
    warm: reports.slice(0, warm),
    timed: reports.slice(warm, limit === undefined ? undefined : warm + limit),
  });
  const texts = split(plan.filter((r) => r.photo === null), SCALE.warmup.text, spec.limit?.text);
  const photos = split(plan.filter((r) => r.photo !== null), SCALE.warmup.photo, spec.limit?.photo);
  // Only the side being measured is loaded: the raw run's memory carries no Prisma.
  const { openWriter } = spec.impl === "raw" ? await import("./pipeline-raw") : await import("./pipeline-app");
  const memory: MemoryAt[] = [];
  const mem = (phase: MemoryAt["phase"]) => {
    const { rss, heapUsed, heapTotal } = process.memoryUsage();
    memory.push({ phase, rss, heapUsed, heapTotal, peak: maxRssEver() });
  };
  mem("loaded");
  const writer = await openWriter(spec);
  mem("opened");
  const budget = spec.limit ? { text: Infinity, photo: Infinity } : SCALE.budgetMs;
  await drive([...texts.warm, ...photos.warm], spec.mode, Infinity, writer.write);
  mem("warm");
  const rss = sampleRss();
  const text = await drive(texts.timed, spec.mode, budget.text, writer.write);
  mem("text");
  const photo = await drive(photos.timed, spec.mode, budget.photo, writer.write);
  mem("photo");
  const peakRss = rss.stop();
  const prisma = await writer.prismaCost?.(texts.warm.length + photos.warm.length + text.done + photo.done);
  // A run that answered "unknown item" or "not bound" would be fast and wrong.
  const written = await writer.count();
  await writer.close();
  const expected = texts.warm.length + photos.warm.length + text.done + photo.done;
  if (written.reports !== expected || written.receipts !== expected) {
    throw new Error(`${spec.impl} on ${spec.kind} wrote ${written.reports} reports and ${written.receipts} receipts for ${expected} events`);
  }
  return { text, photo, peakRss, maxRss: maxRssEver(), memory, ...(prisma ? { prisma } : {}) };
}

answerParent(await runLeg(JSON.parse(readFileSync(process.argv[2]!, "utf8")) as LegSpec));
