// Issue #16's acceptance test for the Spanish UI: every key of the es files (renderer/src/i18n/es/*.json,
// merged by their index.ts) is read against the chosen register (tú: no usted forms), the glossary
// (renderer/src/i18n/glossary.md: one term per concept, the variants it rules out) and the English
// the UI may keep (the CLI's words and product names, found by scanning every word, not a few
// examples); and the two languages have the same keys, plural forms and interpolation variables.
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en/index';
import { shellStrings } from '../../../electron/shell/shell-strings';
import { engineConfirmDialog, engineConfirmWords } from '../../../electron/shell/engine-confirm-dialog';
import type { EngineQuestion } from '../../../electron/core/engine/engine-confirmation';
import es from '../../../renderer/src/i18n/es/index';
import {
  ALLOWED_ENGLISH,
  CLITICS,
  flatten,
  glossaryTerms,
  NOT_SPANISH,
  NOUN_BEFORE,
  plain,
  pluralParts,
  prose,
  USTED_IMPERATIVES,
  USTED_OR_NOUN,
  USTED_PHRASES,
  variablesOf,
  wordsOf,
} from './spanish-words';

const EN = flatten(en);
const ES = flatten(es);

/** The native shell's Spanish (menus, tray, the remote-engine question), each function called with sample values. */
function nativeSpanish(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(shellStrings('es', 'es'))) {
    out[`shell-strings.${key}`] = typeof v === 'function' ? (v as (...a: unknown[]) => string)('x', 2, 'failed') : v;
  }
  const words = engineConfirmWords('es', 'es');
  for (const when of ['startup', 'change'] as const) {
    for (const transport of ['plain', 'tls-unverified', 'tls'] as const) {
      const question: EngineQuestion = { address: 'tcp://build.example.com:2376', machine: 'build.example.com', when, transport };
      const dialog = engineConfirmDialog(question, words);
      out[`engine-confirm.${when}.${transport}`] = [dialog.title, dialog.message, dialog.detail].join('\n');
    }
  }
  return out;
}

const CATEGORIES = { en: ['one', 'other'], es: ['many', 'one', 'other'] } as const;

/** Base key → the plural forms it has (empty for a key that is not plural). */
function forms(strings: Record<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key of Object.keys(strings)) {
    const { base, form } = pluralParts(key);
    const list = out.get(base) ?? [];
    if (form) list.push(form);
    out.set(base, list);
  }
  return out;
}

/** Base key → its strings (all its plural forms): what a reader may see for it. */
function textsByBase(strings: Record<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, text] of Object.entries(strings)) {
    const { base } = pluralParts(key);
    out.set(base, [...(out.get(base) ?? []), text]);
  }
  return out;
}

describe('the two languages', () => {
  const enForms = forms(EN);
  const esForms = forms(ES);

  it('have the same keys: every en key has an es key and every es key an en one', () => {
    expect(
      [...esForms.keys()].filter((k) => !enForms.has(k)),
      'only in es',
    ).toEqual([]);
    expect(
      [...enForms.keys()].filter((k) => !esForms.has(k)),
      'only in en',
    ).toEqual([]);
  });

  it("make the same keys plural, each with exactly its language's plural forms", () => {
    const wrong: string[] = [];
    for (const [base, enList] of enForms) {
      const esList = esForms.get(base) ?? [];
      if (enList.length === 0 && esList.length === 0) continue;
      if ([...enList].sort().join() !== CATEGORIES.en.join()) wrong.push(`en ${base}: ${enList.join(', ')}`);
      if ([...esList].sort().join() !== CATEGORIES.es.join()) wrong.push(`es ${base}: ${esList.join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('use the same interpolation variables in each key', () => {
    const differ: string[] = [];
    const enTexts = textsByBase(EN);
    const esTexts = textsByBase(ES);
    const vars = (texts: string[] = []) => [...new Set(texts.flatMap(variablesOf))].sort().join();
    for (const base of enForms.keys()) {
      const a = vars(enTexts.get(base));
      const b = vars(esTexts.get(base));
      if (a !== b) differ.push(`${base}: en {${a}} es {${b}}`);
    }
    expect(differ).toEqual([]);
  });

  it('say every count through a plural key, never as a bare number before a word', () => {
    const wrong: string[] = [];
    for (const [lang, strings] of [
      ['en', EN],
      ['es', ES],
    ] as const) {
      for (const [key, text] of Object.entries(strings)) {
        const plural = pluralParts(key).form !== undefined;
        if (!plural && /\{\{\s*count\b/.test(text)) wrong.push(`${lang} ${key}: {{count}} in a key that is not plural`);
        // "{{ok}} hechas": a number of things said without a plural rule ("1 hechas").
        if (!plural && /\{\{\s*(ok|failed|done|total|shown|layers|count)\b[^}]*\}\} +\p{L}{2,}/u.test(text))
          wrong.push(`${lang} ${key}: ${text}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('the Spanish register is tú', () => {
  const usted = new Set(USTED_IMPERATIVES.flatMap((v) => CLITICS.map((c) => v + c)));
  const ambiguous = new Set(USTED_OR_NOUN.flatMap((v) => CLITICS.map((c) => v + c)));

  it('has no usted imperative (Busque, Elija, Seleccione, Despliéguelo…), in the page or the native shell', () => {
    const found: string[] = [];
    for (const [key, text] of Object.entries({ ...ES, ...nativeSpanish() })) {
      const words = wordsOf(text);
      words.forEach((word, i) => {
        const w = plain(word);
        const noun = ambiguous.has(w) && i > 0 && NOUN_BEFORE.has(plain(words[i - 1]!));
        if (usted.has(w) || (ambiguous.has(w) && !noun)) found.push(`${key}: ${word} («${text}»)`);
      });
    }
    expect(found).toEqual([]);
  });

  it('never says usted, su navegador, si cierra… to the user', () => {
    const found = Object.entries({ ...ES, ...nativeSpanish() }).flatMap(([key, text]) =>
      USTED_PHRASES.filter((re) => re.test(prose(text))).map((re) => `${key}: ${re.source} («${text}»)`),
    );
    expect(found).toEqual([]);
  });

  it('catches the usted forms it is meant to (the rules above can fail)', () => {
    const sample = [
      'Busque en Docker Hub',
      'Elija una predefinida…',
      'Despliéguelo de nuevo u olvídelo',
      'si cierra esto',
      'su navegador',
      'los archivos que cargue',
      'Continúe solo si confía en esa máquina',
      'Ha elegido el motor',
    ];
    const hits = sample.filter(
      (s) => wordsOf(s).some((w) => usted.has(plain(w)) || ambiguous.has(plain(w))) || USTED_PHRASES.some((re) => re.test(s)),
    );
    expect(hits).toEqual(sample);
    expect(wordsOf('Progreso del despliegue').some((w, i, all) => ambiguous.has(plain(w)) && !NOUN_BEFORE.has(plain(all[i - 1]!)))).toBe(
      false,
    );
  });
});

describe('Spanish strings keep only the English of the CLI and product names', () => {
  // Every word the English UI uses, outside commands, flags and file names.
  const englishWords = new Set(
    Object.values(EN)
      .flatMap(wordsOf)
      .map((w) => w.toLowerCase()),
  );

  it('have no word of the English UI and no word spelt as only English is', () => {
    const found: string[] = [];
    for (const [key, text] of Object.entries(ES)) {
      for (const word of wordsOf(text)) {
        if (ALLOWED_ENGLISH.has(word)) continue;
        if (englishWords.has(word.toLowerCase()) || NOT_SPANISH.test(word)) found.push(`${key}: ${word} («${text}»)`);
      }
    }
    expect(found).toEqual([]);
  });

  it('see through commands, flags and placeholders, and no further', () => {
    expect(prose('Como en docker images --format. Vacío es la tabla: {{.ID}}')).toBe('Como en Vacío es la tabla');
    expect(wordsOf('Login Succeeded ({{host}}).')).toEqual(['Login', 'Succeeded']);
  });
});

describe('Spanish strings follow the glossary', () => {
  const terms = glossaryTerms();

  it('has a Terms table the test can read', () => {
    expect(terms.length).toBeGreaterThanOrEqual(20);
    for (const t of terms) expect(t.en.length, t.concept).toBeGreaterThan(0);
    const pull = terms.find((t) => t.en.includes('pull'));
    expect(pull?.es.some((re) => re.test('Descargar imagen'))).toBe(true);
  });

  it('says each concept with its term, never with a variant the glossary rules out', () => {
    // Accents do not matter to a match: "imágenes" has "imag". Texts and patterns are compared plain.
    const plainRe = (re: RegExp) => new RegExp(plain(re.source), 'iu');
    const spanishOf = new Map(Object.entries(ES).map(([key, text]) => [key, plain(prose(text))]));
    const englishOf = new Map(
      Object.keys(ES).map((key) => {
        const en = EN[key] ?? EN[`${pluralParts(key).base}_other`] ?? EN[pluralParts(key).base];
        return [key, en === undefined ? undefined : prose(en)];
      }),
    );
    const wrong: string[] = [];
    for (const term of terms) {
      const english = new RegExp(`\\b(${term.en.join('|')})\\b`, 'iu');
      const [es, notWith, never] = [term.es, term.notWith, term.never].map((list) => list.map(plainRe));
      for (const [key, text] of Object.entries(ES)) {
        if (term.except.some((prefix) => key.startsWith(prefix))) continue;
        const spanish = spanishOf.get(key)!;
        const say = (what: string, res: RegExp[]) =>
          wrong.push(`${key}: «${text}» ${what} ${res.map((r) => r.source).join(' or ')} (${term.concept})`);
        for (const re of never!) if (re.test(spanish)) say('has', [re]);
        const enText = englishOf.get(key);
        if (enText === undefined || !english.test(enText)) continue;
        if (!es!.some((re) => re.test(spanish))) say('lacks', es!);
        for (const re of notWith!) if (re.test(spanish)) say('has', [re]);
      }
    }
    expect(wrong).toEqual([]);
  });
});
