// The sortable data table of the webview panels (skew's topics and hot partitions, the plan view's moves): a button
// in each header sorts by that column, a second click reverses; the order is shown by aria-sort (arrows in base.css).
// Sorting refills the body only, so charts elsewhere on the page are not redrawn.
import { el, type Child } from './dom';

/** A column's sort key: numbers compare as numbers, text by localeCompare, lists element by element; null sorts last. */
export type SortKey = string | number | null | (string | number)[];

export interface SortableColumn<T> {
  label: string;
  key: (row: T) => SortKey;
  /** The cell's content. */
  cell: (row: T) => Child | Child[];
  /** Right-aligned, and sorted largest first on the first click. */
  numeric?: boolean;
  /** The header's tooltip; "Sort by <label>" when not given. */
  title?: string;
}

export interface SortOrder {
  column: number;
  descending: boolean;
}

export interface SortableTableOptions<T> {
  id: string;
  columns: SortableColumn<T>[];
  rows: readonly T[];
  sortBy: SortOrder;
  caption?: string;
  /** Order of rows whose keys are equal, in either direction; without it they keep the order of `rows`. */
  tieBreak?: (a: T, b: T) => number;
  /** One more cell per row, under an empty header (e.g. a "Reveal" link). */
  trailingCell?: (row: T) => Child;
  /** Told every new order, so a panel can keep it when it renders again. */
  onSort?: (sortBy: SortOrder) => void;
}

function compareValues(x: string | number, y: string | number): number {
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
}

/** Ascending order of two keys; null is handled by the caller (it sorts last in both directions). */
function compareKeys(x: Exclude<SortKey, null>, y: Exclude<SortKey, null>): number {
  if (!Array.isArray(x) || !Array.isArray(y)) return compareValues(Array.isArray(x) ? x.join(',') : x, Array.isArray(y) ? y.join(',') : y);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = compareValues(x[i], y[i]);
    if (c !== 0) return c;
  }
  return x.length - y.length;
}

/** The rows in the order of `sortBy` (a new array). */
export function sortRows<T>(rows: readonly T[], columns: SortableColumn<T>[], sortBy: SortOrder, tieBreak?: (a: T, b: T) => number): T[] {
  const column = columns[sortBy.column];
  return [...rows].sort((a, b) => {
    const x = column.key(a);
    const y = column.key(b);
    const cmp = x === null || y === null ? (x === y ? 0 : x === null ? 1 : -1) : (sortBy.descending ? -1 : 1) * compareKeys(x, y);
    return cmp || (tieBreak ? tieBreak(a, b) : 0);
  });
}

export function sortableTable<T>(options: SortableTableOptions<T>): HTMLTableElement {
  const { columns, trailingCell } = options;
  let sortBy = options.sortBy;
  const tbody = el('tbody');
  const headers = columns.map((c, i) => {
    const button = el('button', { type: 'button', class: 'sort', title: c.title ?? `Sort by ${c.label}` }, c.label);
    button.addEventListener('click', () => {
      sortBy = { column: i, descending: sortBy.column === i ? !sortBy.descending : !!c.numeric };
      options.onSort?.(sortBy);
      fill();
    });
    return el('th', { class: c.numeric ? 'num' : '', scope: 'col' }, button);
  });
  const fill = () => {
    headers.forEach((h, i) => h.setAttribute('aria-sort', i === sortBy.column ? (sortBy.descending ? 'descending' : 'ascending') : 'none'));
    tbody.replaceChildren(
      ...sortRows(options.rows, columns, sortBy, options.tieBreak).map((row) => {
        const cells = columns.map((c) => {
          const content = c.cell(row);
          return el('td', { class: c.numeric ? 'num' : '' }, ...(Array.isArray(content) ? content : [content]));
        });
        return el('tr', {}, ...cells, trailingCell && el('td', {}, trailingCell(row)));
      }),
    );
  };
  fill();
  const headerRow = el('tr', {}, ...headers, trailingCell && el('th', { scope: 'col' }, ''));
  return el(
    'table',
    { class: 'data', id: options.id },
    options.caption !== undefined && el('caption', {}, options.caption),
    el('thead', {}, headerRow),
    tbody,
  );
}
