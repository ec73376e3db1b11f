import { afterEach, describe, expect, it } from 'vitest';
import { formatAgo, formatDate, formatNumber, parseIsoDate } from './dates';

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('formatDate', () => {
  it('uses the Solar Hijri calendar with Persian digits in Persian', () => {
    expect(formatDate('2026-03-21', 'fa')).toBe('۱ فروردین ۱۴۰۵');
    expect(formatDate('2026-03-20', 'fa')).toBe('۲۹ اسفند ۱۴۰۴');
    expect(formatDate('1979-02-11', 'fa')).toBe('۲۲ بهمن ۱۳۵۷');
    expect(formatDate('2026-11-28', 'fa')).toBe('۷ آذر ۱۴۰۵');
  });

  it('uses the Gregorian calendar in English', () => {
    expect(formatDate('2026-11-28', 'en')).toBe('28 November 2026');
    expect(formatDate('2026-03-21', 'en')).toBe('21 March 2026');
  });

  it('never shifts a date-only string by a day, whatever the time zone', () => {
    for (const tz of ['Pacific/Kiritimati', 'Asia/Tehran', 'UTC', 'America/Los_Angeles', 'Pacific/Pago_Pago']) {
      process.env.TZ = tz;
      expect(formatDate('2026-03-21', 'fa')).toBe('۱ فروردین ۱۴۰۵');
      expect(formatDate('2026-01-01', 'en')).toBe('1 January 2026');
    }
  });

  it('shows a date-time as the local date', () => {
    process.env.TZ = 'Asia/Tehran';
    expect(formatDate('2026-03-20T22:00:00Z', 'fa')).toBe('۱ فروردین ۱۴۰۵');
    process.env.TZ = 'America/New_York';
    expect(formatDate('2026-03-21T02:00:00Z', 'en')).toBe('20 March 2026');
  });

  it('returns text that is not a date unchanged', () => {
    expect(formatDate('not a date', 'en')).toBe('not a date');
    expect(formatDate('2026-02-31', 'fa')).toBe('2026-02-31');
    expect(formatDate('', 'fa')).toBe('');
  });
});

describe('parseIsoDate', () => {
  it('tells date-only strings from date-times', () => {
    expect(parseIsoDate('2026-03-21')).toEqual({ date: new Date(Date.UTC(2026, 2, 21)), dateOnly: true });
    expect(parseIsoDate('2026-03-21T10:00:00Z')?.dateOnly).toBe(false);
    expect(parseIsoDate('nope')).toBeNull();
  });
});

describe('formatNumber', () => {
  it('uses Persian digits and separators in Persian', () => {
    expect(formatNumber(1405, 'fa')).toBe('۱٬۴۰۵');
    expect(formatNumber(12, 'fa')).toBe('۱۲');
    expect(formatNumber(0.5, 'fa')).toBe('۰٫۵');
  });

  it('uses ASCII digits in English', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(12, 'en')).toBe('12');
  });
});

describe('formatAgo', () => {
  const now = Date.parse('2026-03-24T12:00:00Z');
  it('says how long ago, in the interface language and its digits', () => {
    expect(formatAgo('2026-03-21T12:00:00Z', now, 'en')).toBe('3 days ago');
    expect(formatAgo('2026-03-21T12:00:00Z', now, 'fa')).toBe('۳ روز پیش');
    expect(formatAgo('2026-03-24T09:00:00Z', now, 'en')).toBe('3 hours ago');
    expect(formatAgo('2026-03-24T11:59:30Z', now, 'en')).toBe('this minute');
    expect(formatAgo('2025-01-01', now, 'en')).toBe('1 year ago');
    expect(formatAgo('not a date', now, 'en')).toBe('not a date');
  });
  it('counts elapsed days, months and years as numbers, never calendar words that contradict the date beside them', () => {
    // 30 hours before, but two calendar days: not "yesterday".
    const later = Date.parse('2026-03-18T01:00:00Z');
    expect(formatAgo('2026-03-16T19:00:00Z', later, 'en')).toBe('1 day ago');
    expect(formatAgo('2026-03-16T19:00:00Z', later, 'fa')).toBe('۱ روز پیش');
    expect(formatAgo('2026-02-16T12:00:00Z', now, 'en')).toBe('1 month ago');
    expect(formatAgo('2026-02-16T12:00:00Z', now, 'fa')).toBe('۱ ماه پیش');
    expect(formatAgo('2024-12-30', Date.parse('2026-01-05T12:00:00Z'), 'en')).toBe('1 year ago');
    expect(formatAgo('2026-03-24T11:00:00Z', now, 'en')).toBe('1 hour ago');
  });
  it('never names a time to come: up to a day ahead is "this minute", further ahead no age (the clock is behind)', () => {
    expect(formatAgo('2026-03-24T12:00:30Z', now, 'en')).toBe('this minute');
    expect(formatAgo('2026-03-25T11:00:00Z', now, 'en')).toBe('this minute');
    expect(formatAgo('2026-03-25T11:00:00Z', now, 'fa')).toBe('همین دقیقه');
    expect(formatAgo('2026-03-25T13:00:00Z', now, 'en')).toBeUndefined();
    expect(formatAgo('2029-03-24', now, 'fa')).toBeUndefined();
  });
});
