import { describe, expect, it } from 'vitest';
import { formatFieldPath } from './schema-errors';

describe('formatFieldPath', () => {
  it.each([
    ['', '(root)'],
    ['/version', 'version'],
    ['/alerts/3/labels/instance', 'alerts[3].labels.instance'],
    ['/labels/with space', 'labels["with space"]'],
    ['/labels/a~1b~0c', 'labels["a/b~c"]'],
    ['/0/labels', '[0].labels'],
  ])('%j reads as %s', (pointer, path) => {
    expect(formatFieldPath(pointer)).toBe(path);
  });
});
