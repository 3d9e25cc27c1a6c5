import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTar, writeTar } from '../../../main/sessions/tar';

describe('tar', () => {
  it('reads back what it wrote, plain or gzipped, long paths included', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._-]{1,60}$/).filter((s) => s !== '.' && s !== '..' && !s.includes('..'));
    const file = fc.record({ path: fc.array(segment, { minLength: 1, maxLength: 3 }).map((p) => p.join('/')), data: fc.uint8Array({ maxLength: 1500 }) });
    fc.assert(
      fc.property(fc.uniqueArray(file, { selector: (f) => f.path, maxLength: 5 }), fc.boolean(), (files, gzip) => {
        const back = readTar(writeTar(files, { gzip }));
        expect(back.map((e) => [e.path, Buffer.from(e.data).toString('hex')])).toEqual(files.map((f) => [f.path, Buffer.from(f.data).toString('hex')]));
      }),
      { seed: 2, numRuns: 100 },
    );
  });

  it('refuses a file cut short', () => {
    const tar = writeTar([{ path: 'a/meta.json', data: 'x'.repeat(2000) }]);
    expect(() => readTar(tar.subarray(0, 1024))).toThrow(/cut short/);
  });
});
