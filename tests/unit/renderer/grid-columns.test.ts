// Specifies the Images grid's column widths: measured from each column's longest texts (a few, in
// one pass over any number of rows), one template for every row, the sum as the rows' min-width.
import { describe, expect, it } from 'vitest';
import { columnsFor, gridTemplate, longestTexts, widthSamples } from '../../../renderer/src/features/images/grid-columns';
import { row } from './fake-api';

describe('grid columns', () => {
  it('picks the longest distinct texts, longest first', () => {
    expect(longestTexts(['a', 'ccc', 'bb', 'ccc', 'dddd', 'e'], 3)).toEqual(['dddd', 'ccc', 'bb']);
    expect(longestTexts([], 3)).toEqual([]);
  });

  it('samples long repository names whole, one ID, and CREATED for any time', () => {
    const view = [row('127.0.0.1:5001/stevedore-fixture/digest-only', '<none>'), row('a', '1')];
    const samples = widthSamples(view, columnsFor(true), true);
    expect(samples.repository[0]).toBe('127.0.0.1:5001/stevedore-fixture/digest-only');
    expect(samples.id).toEqual([view[0].id]);
    expect(samples.created).toContain('Less than a second ago');
  });

  it('samples CREATED in the UI language, whose words set its width', () => {
    const samples = widthSamples([], columnsFor(false), false, 'es');
    expect(samples.created).toContain('hace 59 segundos');
    expect(samples.created).toContain('hace 59 minutos');
    expect(samples.created.some((text) => text.includes('ago'))).toBe(false);
  });

  it('gives repository and tag the spare width, caps only them, and sums the minimums', () => {
    const { template, minWidth } = gridTemplate(columnsFor(false), { repository: 900, tag: 40.2, id: 100, created: 150, size: 60 });
    expect(template).toBe('minmax(640px, 3fr) minmax(41px, 1fr) 100px 150px 60px');
    expect(minWidth).toBe(`${640 + 41 + 100 + 150 + 60}px`);
  });
});
