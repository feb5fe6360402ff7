import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPaths } from '../../src/conversation/import/index.js';
import type { Conversation } from '../../src/conversation/model.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

describe('examples/', () => {
  it('imports cleanly: every demo file is valid input', async () => {
    const all: Conversation[] = [];
    for await (const conversation of readPaths([examples])) all.push(conversation);
    const count = (prefix: string): number => all.filter((c) => c.id.startsWith(prefix)).length;
    expect([count('shop-'), count('call-'), count('wy-')]).toEqual([8, 4, 4]);
    const call = all.find((c) => c.id === 'call-20240605-003');
    expect(call?.turns.at(-1)?.start).toBe(181);
    expect(all.filter((c) => c.id.startsWith('shop-')).every((c) => c.turns.every((t) => t.ts !== undefined))).toBe(true);
  });
});
