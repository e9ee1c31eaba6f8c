/**
 * WeCom markdown as the person reading it sees it: the formatter's bold is only a font, and
 * the full-width forms adapters/wecom/format.ts puts in place of markup characters read as
 * the characters they replaced. (A test text holding those full-width forms itself would read
 * as ASCII here; none does.)
 */
const ASCII: Record<string, string> = { "＊": "*", "［": "[", "］": "]", "｀": "`", "＜": "<", "＃": "#", "＞": ">", "＆": "&" };

export function readWecomMarkdown(markdown: string): string {
  return markdown.replace(/\*\*([^*\n]*)\*\*/g, "$1").replace(/[＊［］｀＜＃＞＆]/g, (c) => ASCII[c]!);
}
