import type { SourcePosition } from './types';

/** PositionIndex turns string offsets into 1-based line and column, columns counted in characters as Go's YAML does. */
export class PositionIndex {
  private readonly lineStarts: number[] = [0];
  private readonly hasAstral: boolean;

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    this.hasAstral = /[\uD800-\uDFFF]/.test(text);
  }

  /** at returns the position of a string offset. */
  at(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const start = this.lineStarts[lo] as number;
    // Only text with characters outside the BMP needs the slow count of code points.
    const column = this.hasAstral ? [...this.text.slice(start, offset)].length + 1 : offset - start + 1;
    return { line: lo + 1, column };
  }
}
