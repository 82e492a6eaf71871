// Number formatting shared by the webview panels (the units themselves are in src/core/units.ts).

/** A relative tolerance as the panels show it: 0.1 -> "±10 %", 0.125 -> "±12.5 %". */
export function tolerancePercent(t: number): string {
  return `±${Number((t * 100).toFixed(2))} %`;
}
