// Owns how the explorer writes sizes: the UI language's way (i18n/units.ts), 3 significant digits
// as `docker images` does, one stable function per language so memoized rows keep still.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { sizeIn } from '../../i18n/units';

export function useSize(): (bytes: number) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useCallback((bytes: number) => sizeIn(bytes, language, 3), [language]);
}
