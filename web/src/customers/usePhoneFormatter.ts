import { useEffect, useState } from 'react';

type Format = (value: string) => string;

const asIs: Format = (value) => value;
let loaded: Format | null = null;
let loading: Promise<Format> | null = null;

/** Downloads the phone formatter (libphonenumber's metadata, ~80 kB) once, apart from the first load. */
export function loadPhoneFormatter(): Promise<Format> {
  loading ??= import('./format').then(
    (m) => {
      loaded = m.formatPhone;
      return m.formatPhone;
    },
    () => {
      loading = null;
      return asIs;
    },
  );
  return loading;
}

/**
 * `formatPhone` for the parts of the frame that are in the first download (search box, screen
 * pop): numbers show as stored (E.164) for the moment the formatter takes to arrive, then formatted.
 */
export function usePhoneFormatter(): Format {
  const [format, setFormat] = useState<Format>(() => loaded ?? asIs);
  useEffect(() => {
    if (loaded) return;
    let live = true;
    void loadPhoneFormatter().then((f) => {
      if (live) setFormat(() => f);
    });
    return () => {
      live = false;
    };
  }, []);
  return format;
}
