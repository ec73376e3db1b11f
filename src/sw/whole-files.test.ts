import { describe, expect, it } from 'vitest';
import { wholeFiles } from './whole-files';

const BASE = 'https://example.org/app/';
const plugin = wholeFiles(new Map([[`${BASE}assets/index-abcdefgh.js`, 5]]));
const check = (url: string, response: Response): Promise<Response | null | undefined | void> =>
  Promise.resolve(plugin.cacheWillUpdate!({ request: new Request(url), response, event: undefined as never, state: {} }));

describe('wholeFiles', () => {
  it('keeps a file of the size its manifest entry gives, and a file it has no size for', async () => {
    expect(await check(`${BASE}assets/index-abcdefgh.js`, new Response('12345'))).toBeInstanceOf(Response);
    expect(await check(`${BASE}index.html?__WB_REVISION__=1`, new Response('anything'))).toBeInstanceOf(Response);
  });

  it('refuses a copy cut short or grown, whatever query the request carries', async () => {
    expect(await check(`${BASE}assets/index-abcdefgh.js`, new Response('123'))).toBeNull();
    expect(await check(`${BASE}assets/index-abcdefgh.js?x=1`, new Response('123456'))).toBeNull();
  });

  it('refuses an error status, as Workbox does for a precache', async () => {
    expect(await check(`${BASE}index.html`, new Response('gone', { status: 404 }))).toBeNull();
    expect(await check(`${BASE}assets/index-abcdefgh.js`, new Response('12345', { status: 500 }))).toBeNull();
  });

  it('leaves the response it keeps readable', async () => {
    const kept = await check(`${BASE}assets/index-abcdefgh.js`, new Response('12345'));
    expect(await kept!.text()).toBe('12345');
  });
});
