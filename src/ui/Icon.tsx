/** The app's few icons: inline SVG strokes (24-unit grid, currentColor), always decorative (the control carries the name). */

const PATHS = {
  share: 'M12 3v12M7 8l5-5 5 5M5 13v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6',
  import: 'M12 3v12M7 10l5 5 5-5M5 19h14',
  download: 'M12 3v12M7 10l5 5 5-5M5 21h14',
  select: 'M4 4h16v16H4zM8 12l3 3 5-6',
  close: 'M6 6l12 12M18 6L6 18',
  settings:
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-2.9 1.2V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-2.9-1.2l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1A1.7 1.7 0 0 0 3 14H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.2-2.9l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1A1.7 1.7 0 0 0 10 3.1V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 2.9 1.2l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0 1.2 2.9h.1a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z',
  bookmark: 'M6 3h12v18l-6-4-6 4z',
  back: 'M15 5l-7 7 7 7',
  forward: 'M9 5l7 7-7 7',
  globe: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z',
  saved: 'M5 13l4 4L19 7',
  saving: 'M12 3v4M12 17v4M4.9 4.9l2.8 2.8M16.3 16.3l2.8 2.8M3 12h4M17 12h4M4.9 19.1l2.8-2.8M16.3 7.7l2.8-2.8',
  offline:
    'M2 8.8a15 15 0 0 1 4.2-2.6M9.3 5.2A15 15 0 0 1 22 8.8M5 12.5a10 10 0 0 1 5-2.4M19 12.5a10 10 0 0 0-3-1.9M8.5 16a5 5 0 0 1 7 0M12 20h.01M3 3l18 18',
  warn: 'M12 3l10 18H2zM12 10v5M12 18h.01',
  install: 'M8 2h8a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zM12 7v8M8.5 11.5L12 15l3.5-3.5',
  plusSquare: 'M4 4h16v16H4zM12 8v8M8 12h8',
  update: 'M21 12a9 9 0 1 1-3-6.7L21 8M21 3v5h-5',
  more: 'M12 5h.01M12 12h.01M12 19h.01',
  unread: 'M3 6h18v12H3zM3 6l9 7 9-7',
} as const;

/** An icon's name. */
export type IconName = keyof typeof PATHS;

/** One icon, sized by the font (1.25em), mirrored in right-to-left text when it points a direction. */
export function Icon({ name, filled }: { name: IconName; filled?: boolean }) {
  return (
    <svg
      class={`icon${name === 'back' || name === 'forward' ? ' icon--dir' : ''}`}
      viewBox="0 0 24 24"
      width="20"
      height="20"
      aria-hidden="true"
      focusable="false"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
