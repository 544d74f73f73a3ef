/**
 * Cursor pagination over newest-first lists (createdAt desc, id desc), the
 * order every list API uses. The cursor is the id of the last item of the
 * previous page; the caller loads its row (scoped to the caller's merchant,
 * so another merchant's id is a 404) and passes its createdAt and id.
 */
export type CursorRow = { id: string; createdAt: Date };

export type CursorPage<T> = { items: T[]; hasMore: boolean; nextCursor: string | null };

export const newestFirst = () => [{ createdAt: "desc" as const }, { id: "desc" as const }];

/** The where-clause for rows after the cursor (none when there is no cursor). */
export function afterCursor(cursor: CursorRow | null) {
  return cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {};
}

/** Rows were read with `take: limit + 1`: the extra one only says there is more. */
export function cursorPage<R, T extends { id: string }>(rows: R[], limit: number, view: (row: R) => T): CursorPage<T> {
  const items = rows.slice(0, limit).map(view);
  const hasMore = rows.length > limit;
  return { items, hasMore, nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null };
}
