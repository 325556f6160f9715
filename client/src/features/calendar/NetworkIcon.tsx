import { useId } from 'react';
import type { Provider } from '../../api/types';

/** Short, stable network labels (brand names; not translated). */
export const PROVIDER_LABEL: Record<Provider, string> = { facebook_page: 'Facebook', instagram: 'Instagram', x: 'X' };
export const PROVIDER_SHORT: Record<Provider, string> = { facebook_page: 'FB', instagram: 'IG', x: 'X' };

export function asProvider(value: string | null | undefined): Provider {
  return value === 'facebook_page' || value === 'instagram' || value === 'x' ? value : 'x';
}

const providerClass: Record<Provider, string> = { facebook_page: 'net-facebook', instagram: 'net-instagram', x: 'net-x' };

function Mark({ provider }: { provider: Provider }) {
  // One gradient id per icon: a shared id would point at the first icon's, which a hidden list can take away.
  const gradient = `ig-grad-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  switch (provider) {
    case 'facebook_page':
      return (
        <>
          <circle cx="12" cy="12" r="12" fill="#1877F2" />
          <path d="M13.4 19.5v-6h2l.3-2.4h-2.3V9.6c0-.7.2-1.2 1.2-1.2h1.2V6.3a16 16 0 0 0-1.8-.1c-1.8 0-3 1.1-3 3.1v1.8H9v2.4h2v6h2.4Z" fill="#fff" />
        </>
      );
    case 'instagram':
      return (
        <>
          <defs>
            <linearGradient id={gradient} x1="0" y1="1" x2="1" y2="0">
              <stop offset="0" stopColor="#F58529" />
              <stop offset="0.5" stopColor="#DD2A7B" />
              <stop offset="1" stopColor="#515BD4" />
            </linearGradient>
          </defs>
          <rect width="24" height="24" rx="6.5" fill={`url(#${gradient})`} />
          <rect x="5.5" y="5.5" width="13" height="13" rx="4" fill="none" stroke="#fff" strokeWidth="1.8" />
          <circle cx="12" cy="12" r="3.1" fill="none" stroke="#fff" strokeWidth="1.8" />
          <circle cx="16.3" cy="7.7" r="1" fill="#fff" />
        </>
      );
    case 'x':
      return (
        <>
          <rect width="24" height="24" rx="5" fill="#0F1419" />
          <path
            d="M13.2 11.1 17.8 6h-1.1l-4 4.4L9.5 6H6l4.8 6.7L6 18h1.1l4.2-4.6 3.4 4.6H18.2l-5-6.9Zm-1.5 1.6-.5-.7-3.8-5.2h1.7l3.1 4.3.5.7 4 5.5h-1.7l-3.3-4.6Z"
            fill="#fff"
          />
        </>
      );
  }
}

/** A small network mark; decorative unless `label` is given. */
export function NetworkIcon({ provider, size = 14, label }: { provider: Provider; size?: number; label?: string }) {
  return (
    <svg
      className={`net-icon ${providerClass[provider]}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      focusable="false"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    >
      {label ? <title>{label}</title> : null}
      <Mark provider={provider} />
    </svg>
  );
}
