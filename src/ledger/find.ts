/** Finding items and units by what people remember of them: words, part of a name, a code's neighbours. */
import { codeKey } from "../core/find";
import { normaliseName } from "../core/units";
import { itemSelect, toItemRow, type ItemRow } from "./items";
import { clientOf, type Session } from "./session";

/** Every item's code, for suggesting the nearest to one that does not exist. */
export async function itemCodes(session: Session): Promise<string[]> {
  const rows = await clientOf(session).item.findMany({ select: { code: true }, orderBy: { code: "asc" } });
  return rows.map((r) => r.code);
}

/** Enough for any keyword a person types; a wider one is told to narrow. */
export const SEARCH_LIMIT = 200;

/**
 * Items whose code, title, problem, measures, place or target contain the keyword (substring
 * matching serves Chinese, which has no word breaks); the code written as typed first,
 * then by code.
 */
export async function searchItems(session: Session, keyword: string): Promise<ItemRow[]> {
  const k = keyword.trim();
  const rows = await clientOf(session).item.findMany({
    where: {
      OR: [
        { code: { contains: k } },
        { title: { contains: k } },
        { problem: { contains: k } },
        { measures: { contains: k } },
        { place: { contains: k } },
        { target: { contains: k } },
      ],
    },
    select: itemSelect,
    orderBy: { code: "asc" },
    take: SEARCH_LIMIT,
  });
  const key = codeKey(k);
  const exact = (r: { code: string }) => (codeKey(r.code) === key ? 0 : 1);
  return rows.map(toItemRow).sort((a, b) => exact(a) - exact(b));
}

export interface UnitRef {
  id: number;
  name: string;
}

/** Units one of whose names or aliases contains the text ("水利" → 县水利局), shortest name first. */
export async function unitsLike(session: Session, text: string): Promise<UnitRef[]> {
  const n = normaliseName(text);
  if (!n) return [];
  const units = await clientOf(session).unit.findMany({
    where: { OR: [{ name: { contains: text.trim() } }, { aliases: { some: { alias: { contains: n } } } }] },
    select: { id: true, name: true },
  });
  // The shortest name is most often the one meant; then by code point, the same on both databases.
  return units.sort((a, b) => a.name.length - b.name.length || (a.name < b.name ? -1 : 1));
}
