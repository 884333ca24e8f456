import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN.js';

// Raw sources of every renderer module (Vite's glob import), tests, test support and the i18n tree aside.
// The features' strings.ts files are checked too: they only re-export renderer/i18n/zh-CN/*. No exceptions.
const sources = import.meta.glob(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!../i18n/**', '!../testing/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

describe('UI text lives in the resource file', () => {
  it('has no Chinese characters in component and logic code (comments aside)', () => {
    const offenders: string[] = [];
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    for (const [f, raw] of Object.entries(sources)) {
      const code = raw.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
      for (const m of code.matchAll(/[\u4e00-\u9fff]+/g)) offenders.push(`${f}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('uses the domain words of domain.md', () => {
    expect(zhCN.enums.commands.dispatch).toBe('派遣');
    expect(zhCN.enums.commands.bounce).toBe('回弹');
    expect(zhCN.enums.urgeLevels).toEqual({ remind: '催办', supervise: '督办', listed: '挂牌督办' });
    expect(zhCN.enums.commands.close).toBe('结案');
    expect(zhCN.case.fallback).toBe('托底派遣');
  });
});
