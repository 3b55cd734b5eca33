import { humanise } from './format';

/** Stroke paths (24×24 grid) per channel; unknown channels get a dot. */
const PATHS: Record<string, string> = {
  phone: 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
  email: 'M3 6h18v12H3zM3 6l9 7 9-7',
  mail: 'M4 4h16v16H4zM8 9h8M8 13h8M8 17h5',
  chat: 'M4 5h16v10H9l-5 4z',
  sms: 'M7 3h10v18H7zM10 18h4M9 7h6M9 10h4',
  web: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18M3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18',
  store: 'M4 10h16M5 10v10h14V10M3 10l2-6h14l2 6M10 20v-5h4v5',
  mobile_app: 'M7 2h10v20H7zM11 18h2M10 6h4v4h-4z',
  social: 'M6 12a2 2 0 1 0 0 .1M18 6a2 2 0 1 0 0 .1M18 18a2 2 0 1 0 0 .1M8 11l8-4M8 13l8 4',
  other: 'M12 11a1 1 0 1 0 0 .1',
};

export function channelLabel(channel: string): string {
  if (channel === 'sms') return 'SMS';
  if (channel === 'mobile_app') return 'Mobile app';
  return humanise(channel);
}

export function ChannelIcon({ channel }: { channel: string }) {
  return (
    <span className={`channel-icon channel-icon--${channel}`} title={channelLabel(channel)}>
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        <path
          d={PATHS[channel] ?? PATHS.other}
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <span className="visually-hidden">{channelLabel(channel)}</span>
    </span>
  );
}
