/** Small stroke icons drawn inline (no icon font, nothing fetched). Always decorative: aria-hidden. */
export type IconName =
  | 'robots'
  | 'diagnostics'
  | 'teach'
  | 'logs'
  | 'sync'
  | 'settings'
  | 'accounts'
  | 'audit'
  | 'alert'
  | 'check'
  | 'plug'
  | 'play'
  | 'close'
  | 'search'
  | 'offline'
  | 'database'
  | 'link'
  | 'info'
  | 'tools';

const PATHS: Record<IconName, string[]> = {
  robots: [
    'M8 4h8',
    'M12 4v3',
    'M5 7h14a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1z',
    'M9 12h.01',
    'M15 12h.01',
    'M9.5 15h5',
    'M2 11v3',
    'M22 11v3',
  ],
  diagnostics: ['M3 12h4l2-5 4 10 2-5h6'],
  teach: [
    'M8 13V5a1.5 1.5 0 0 1 3 0v6',
    'M11 11V4a1.5 1.5 0 0 1 3 0v7',
    'M14 11V6a1.5 1.5 0 0 1 3 0v8c0 4-2.5 7-6 7-2.5 0-4-1.2-5.3-3.2L3.5 14.5a1.5 1.5 0 0 1 2.4-1.8L8 15',
  ],
  logs: ['M8 6h12', 'M8 12h12', 'M8 18h12', 'M4 6h.01', 'M4 12h.01', 'M4 18h.01'],
  sync: [
    'M20 11a8 8 0 0 0-14.6-4.5L4 8',
    'M4 4v4h4',
    'M4 13a8 8 0 0 0 14.6 4.5L20 16',
    'M20 20v-4h-4',
  ],
  settings: [
    'M4 6h10',
    'M18 6h2',
    'M16 4v4',
    'M4 12h4',
    'M12 12h8',
    'M10 10v4',
    'M4 18h12',
    'M20 18h0',
    'M18 16v4',
  ],
  accounts: [
    'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z',
    'M2 21v-1a7 7 0 0 1 14 0v1',
    'M17 3.5a4 4 0 0 1 0 7',
    'M22 21v-1a7 7 0 0 0-4-6.3',
  ],
  audit: ['M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6l-8-3z', 'M8.5 12l2.5 2.5 4.5-5'],
  alert: ['M12 3 2 20h20L12 3z', 'M12 10v4', 'M12 17h.01'],
  check: ['M4 12.5 9.5 18 20 6.5'],
  plug: ['M9 3v5', 'M15 3v5', 'M6 8h12v3a6 6 0 0 1-12 0V8z', 'M12 17v4'],
  play: ['M7 4v16l13-8L7 4z'],
  close: ['M6 6l12 12', 'M18 6 6 18'],
  search: ['M11 4a7 7 0 1 1 0 14 7 7 0 0 1 0-14z', 'M16 16l5 5'],
  offline: ['M3 3l18 18', 'M8.5 16.5a5 5 0 0 1 7 0', 'M5 12.5a10 10 0 0 1 5-2.8', 'M12 20h.01'],
  database: [
    'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3z',
    'M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6',
    'M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  ],
  link: [
    'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1',
    'M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  ],
  info: ['M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18z', 'M12 11v6', 'M12 7.5h.01'],
  tools: ['M14.5 6.5a4 4 0 0 0 5 5L21 13l-8 8-5-5 8-8', 'M3 21l6-6'],
};

export function Icon({ name, size = 24 }: { name: IconName; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
