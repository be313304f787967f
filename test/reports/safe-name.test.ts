import { describe, expect, it } from 'vitest';
import { UniqueNames, safeName } from '../../reports/safe-name.js';

describe('safe folder names', () => {
  it('drops path separators, reserved characters, control and bidi characters; no trailing dot or space', () => {
    expect(safeName('城北/中心\\小学:*?"<>|')).toBe('城北_中心_小学_______');
    expect(safeName('..\\..\\etc')).toBe('__.._etc');
    expect(safeName('学校\u202Egpj.exe')).toBe('学校_gpj.exe');
    expect(safeName('学校. ')).toBe('学校');
    expect(safeName('')).toBe('_');
  });

  it('never a Windows device name', () => {
    expect(safeName('CON')).toBe('_CON');
    expect(safeName('nul.txt')).toBe('_nul.txt');
    expect(safeName('COM1')).toBe('_COM1');
  });

  it('caps the length in UTF-8 bytes without splitting a character', () => {
    const name = safeName('学'.repeat(100), 120);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(120);
    expect(name).toBe('学'.repeat(40));
  });

  it('keeps names distinct when two reduce to the same text, case-insensitively', () => {
    const names = new UniqueNames();
    expect([names.take('2134_城北/小学'), names.take('2134_城北:小学'), names.take('ABC'), names.take('abc')]).toEqual(['2134_城北_小学', '2134_城北_小学_2', 'ABC', 'abc_2']);
  });
});
