// Owns the line icons of push and the local registry, inline like icons.tsx (no extra CSP sources).
import { base, type IconProps } from './icons';

export const PushIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M12 16V4M7 9l5-5 5 5" />
    <path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />
  </svg>
);
