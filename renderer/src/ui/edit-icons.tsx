// Owns the line icons of the editing actions, inline like icons.tsx so the CSP needs no extra sources.
import { base, type IconProps } from './icons';

export const TrashIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
  </svg>
);
export const TagIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M3 12V4h8l10 10-8 8L3 12Z" />
    <circle cx="7.5" cy="8.5" r="1.2" />
  </svg>
);
export const BroomIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M14 4 10 12M6 13h9l2 7H4l2-7Z" />
    <path d="M8 17v3M12 17v3" />
  </svg>
);
export const CommitIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <circle cx="12" cy="12" r="3.5" />
    <path d="M2 12h6.5M15.5 12H22" />
  </svg>
);
export const UndoIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M9 14 4 9l5-5" />
    <path d="M4 9h10a6 6 0 0 1 0 12h-3" />
  </svg>
);
