import { describe, expect, it } from 'vitest';
import { describeFailure } from './errors';
import { makeI18n } from './i18n';

const en = makeI18n('en');
const fa = makeI18n('fa');

describe('describeFailure', () => {
  it('tells a bug in the app from a damaged file, in both languages', () => {
    for (const i of [en, fa]) {
      const bug = describeFailure({ code: 'unexpected', message: 'TypeError' }, i);
      expect(bug).not.toBe(describeFailure({ code: 'malformed', message: '' }, i));
      expect(bug).not.toBe(i.t.errorGeneric);
    }
  });

  it('tells a page the browser saved from a file that is no reader file, and what to ask for, in both languages', () => {
    for (const i of [en, fa]) {
      const saved = describeFailure({ code: 'saved-page', message: '' }, i);
      expect(saved).not.toBe(describeFailure({ code: 'not-a-bundle', message: '' }, i));
      expect(saved).not.toBe(i.t.errorGeneric);
      expect(saved).toContain('.html');
    }
    expect(describeFailure({ code: 'saved-page', message: '' }, en)).toMatch(/saved by the browser.*Ask the sender/);
    expect(describeFailure({ code: 'saved-page', message: '' }, fa)).toMatch(/مرورگر ذخیره کرده.*از فرستنده بخواهید/);
  });

  it('says what to try when storage cannot open, in both languages', () => {
    const f = { code: 'storage-unavailable', message: 'SecurityError' } as const;
    expect(describeFailure(f, en)).toMatch(/private window.*free some space/);
    expect(describeFailure(f, fa)).toMatch(/پنجرهٔ خصوصی.*جا باز کنید/);
    // It names a control that works with nothing stored, by its own label: not "Save the whole library as one file",
    // which an empty library disables.
    for (const i of [en, fa]) {
      expect(describeFailure(f, i)).toContain(i.t.downloadLibrary);
      expect(describeFailure(f, i)).toContain(i.t.shareMenu);
      expect(describeFailure(f, i)).not.toContain(i.t.exportAll);
    }
  });
});
