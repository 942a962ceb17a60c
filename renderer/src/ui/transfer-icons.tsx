// Owns the line icons of save and load, inline like icons.tsx so the CSP needs no extra sources.
import { base, type IconProps } from './icons';

/** An arrow down into a tray: the archive goes to a file. */
export const SaveIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M12 3v11M7 9.5 12 14.5 17 9.5" />
    <path d="M4 15v5h16v-5" />
  </svg>
);
/** An arrow up out of a tray: the archive comes into the engine. */
export const LoadIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M12 15V4M7 8.5 12 3.5 17 8.5" />
    <path d="M4 15v5h16v-5" />
  </svg>
);
