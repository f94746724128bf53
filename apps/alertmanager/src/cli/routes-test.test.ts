import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRoutesShow, runRoutesTest, type RoutesTestOptions } from './routes-test';

const config = join(import.meta.dirname, 'testdata', 'routing.yml');

async function test(
  labels: string[],
  opts: RoutesTestOptions = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runRoutesTest(config, labels, opts, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

describe('runRoutesTest', () => {
  it.each([
    [['test=1'], 'test1'],
    [['test=2'], 'test1,test2'],
    [['test=volovina'], 'default'],
    [[], 'default'],
    [['service=db', 'severity=page'], 'dba-pager'],
    [['service="db"', 'severity=info'], 'dba'],
  ])('routes %j to %s', async (labels, receivers) => {
    expect(await test(labels)).toEqual({ code: 0, stdout: `${receivers}\n`, stderr: '' });
  });

  it('fails when --verify.receivers disagrees', async () => {
    expect(await test(['test=2'], { verifyReceivers: 'test2' })).toEqual({
      code: 1,
      stdout: 'test1,test2\nWARNING: Expected receivers did not match resolved receivers.\n',
      stderr: '',
    });
    expect((await test(['test=2'], { verifyReceivers: 'test1,test2' })).code).toBe(0);
  });

  it('prints the matching part of the tree with --tree', async () => {
    const { stdout } = await test(['test=2'], { tree: true });
    expect(stdout).toBe(
      'Matching routes:\n.\n└── default-route\n' +
        '    ├── {test=~"^(?:^[12]$)$"}  receiver: test1\n' +
        '    └── {test="2"}  receiver: test2\n\n\ntest1,test2\n',
    );
  });

  it.each([
    [['test=~1'], 'vigil: error: Labels must be specified as key=value pairs\n'],
    [['test'], 'vigil: error: Failed to parse labels: bad matcher format: test\n'],
  ])('rejects labels %j', async (labels, stderr) => {
    expect(await test(labels)).toEqual({ code: 1, stdout: '', stderr });
  });
});

describe('runRoutesShow', () => {
  it('prints the whole tree as amtool config routes does', async () => {
    let stdout = '';
    const code = await runRoutesShow(config, {}, { stdout: (t) => (stdout += t), stderr: () => undefined });
    expect(code).toBe(0);
    expect(stdout).toBe(
      'Routing tree:\n.\n└── default-route  receiver: default\n' +
        '    ├── {test=~"^(?:^[12]$)$"}  continue: true  receiver: test1\n' +
        '    ├── {test="2"}  receiver: test2\n' +
        '    └── {service="db"}  receiver: dba\n' +
        '        └── {severity="page"}  receiver: dba-pager\n\n',
    );
  });
});
