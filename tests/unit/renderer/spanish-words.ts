// What the Spanish acceptance test (i18n-spanish.test.ts) reads strings with: the translations
// flattened to key → text, the prose of a string (its commands, flags, file names and placeholders
// taken out), the glossary's Terms table parsed from renderer/src/i18n/glossary.md, the usted forms
// that the tú register rules out, and the English words Spanish strings may keep.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A translation tree flattened to dotted keys (plural suffixes kept). */
export function flatten(tree: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else flatten(v, key, out);
  }
  return out;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** `a.b_one` → { base: 'a.b', form: 'one' }; a key without a plural suffix has no form. */
export function pluralParts(key: string): { base: string; form?: string } {
  const m = PLURAL_SUFFIX.exec(key);
  return m ? { base: key.slice(0, m.index), form: m[1] } : { base: key };
}

/** The interpolation variables of a string (`{{count}}`, `{{seconds, number(…)}}` → seconds). */
export const variablesOf = (text: string): string[] => [...text.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]!);

// `docker <command>` as strings quote it: the CLI's words, not the UI's.
const DOCKER_COMMAND =
  /\bdocker(?: (?:image|container|system|network|context))? (?:images|pull|push|save|load|search|history|login|logout|logs|tag|rmi|commit|inspect|ps|run|prune|rm)\b/g;
// Opening and closing punctuation around a word.
const LEADING = /^[(«“"'¿¡[]+/u;
const TRAILING = /[)»”"',;:.!?…\]]+$/u;

/** A flag, a file name, a reference, a template, an address: anything with code characters or digits. */
const isCode = (token: string): boolean => /^-{1,2}\p{L}/u.test(token) || /[\d:./=@_<>[\]{}|*\\#$]/u.test(token);

/**
 * A string without its code: commands, flags, file names, references, `{{placeholders}}`, and what it
 * quotes verbatim in straight double quotes (an engine's message, a value typed).
 */
export function prose(text: string): string {
  return text
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(DOCKER_COMMAND, ' ')
    .split(/\s+/)
    .map((token) => token.replace(LEADING, '').replace(TRAILING, ''))
    .filter((token) => token !== '' && !isCode(token))
    .join(' ');
}

/** The words of a text's prose. */
export const wordsOf = (text: string): string[] =>
  prose(text)
    .split(/[^\p{L}]+/u)
    .filter(Boolean);

/** Lower case without accents, for matching verb forms however they are accented. */
export const plain = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

// ---------------------------------------------------------------------------------------------
// The glossary

export interface GlossaryTerm {
  concept: string;
  en: string[];
  es: RegExp[];
  notWith: RegExp[];
  never: RegExp[];
  except: string[];
}

const GLOSSARY = path.resolve(__dirname, '../../../renderer/src/i18n/glossary.md');

export const glossaryText = (): string => readFileSync(GLOSSARY, 'utf8');

/** The code spans of a table cell (`\|` is a pipe inside one). */
const spans = (cell: string): string[] => [...cell.matchAll(/`((?:[^`\\]|\\.)+)`/g)].map((m) => m[1]!.replace(/\\\|/g, '|'));

/** The rows of the glossary's Terms table. */
export function glossaryTerms(text = glossaryText()): GlossaryTerm[] {
  const section = text.slice(text.indexOf('## Terms'));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| concept') && !/^\|[-| ]+\|$/.test(line))
    .map((line) => {
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
      const regexps = (cell: string) => spans(cell).map((s) => new RegExp(s, 'iu'));
      return {
        concept: cells[0]!,
        en: spans(cells[1]!),
        es: regexps(cells[2]!),
        notWith: regexps(cells[3]!),
        never: regexps(cells[4]!),
        except: spans(cells[5] ?? ''),
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Register: usted forms that tú rules out

/**
 * Usted imperatives (present subjunctive, 3rd person) of the verbs a UI uses, without accents. A
 * word matches one of them with or without clitics (Despliéguelo, elimínelas, olvídelo).
 */
export const USTED_IMPERATIVES = (
  'abra acepte active anada aplique arrastre borre busque cambie cancele cargue compruebe comparta confie confirme conecte consulte continue ' +
  'copie cree deje descargue deshaga desactive detenga edite elija elimine empiece escoja escriba espere ' +
  'etiquete explore ejecute fuerce guarde haga indique inicie intente introduzca marque mire mueva olvide pegue ponga ' +
  'pruebe pulse purgue quite recupere reinicie restaure seleccione sepa suba suelte teclee use utilice vaya vea vuelva'
).split(' ');

/** Usted forms that are also nouns ("el despliegue", "el cierre"): usted only where no article or preposition precedes them. */
export const USTED_OR_NOUN = ['despliegue', 'cierre'];
export const NOUN_BEFORE = new Set(['el', 'del', 'al', 'un', 'su', 'tu', 'de', 'este', 'ese', 'cada', 'otro']);

/** Clitics an imperative can carry. */
export const CLITICS = ['', 'lo', 'la', 'los', 'las', 'le', 'les', 'se', 'me', 'nos', 'selo', 'sela', 'selos', 'selas'];

/** Phrases that address the user as usted without an imperative. */
export const USTED_PHRASES = [
  /\busted(es)?\b/iu,
  /\b(su navegador|sus registros|su red|su equipo)\b/iu,
  /\bsi (cierra|pulsa|elige|quiere|desea|tiene|cancela|confía)\b/iu,
  /(^|[.!?] )Ha (elegido|pulsado|seleccionado|cancelado)\b/u,
  /\blo que (encuentre|quiera|necesite|elija)\b/iu,
  /\b(quiere|desea|puede) usted\b/iu,
];

// ---------------------------------------------------------------------------------------------
// English words a Spanish string may keep (exact spelling: "USER" is a Dockerfile instruction, "user" is not Spanish)

export const ALLOWED_ENGLISH = new Set(
  [
    // Products, and the people and images named in examples.
    'Docker docker Hub Stevedore Podman alpine nginx busybox Ana Pérez',
    // Language names, each in its own language.
    'English Español',
    // The CLI's and the engine's words: the commit command, filter keys (lower case, as typed), inspect fields,
    // Dockerfile instructions.
    'commit Commit label labels until since before reference dangling latest Entrypoint Cmd RepoTags RepoDigests Dockerfile',
    'CMD ENTRYPOINT ENV EXPOSE HEALTHCHECK LABEL ONBUILD USER VOLUME WORKDIR',
    // Loanwords in everyday use by Spanish-speaking developers (glossary: "What stays in English").
    'digest Digest DIGEST digests Digests hash token socket Socket',
    // Acronyms and format names.
    'ID IDs JSON API URL TLS TCP SSH CLI SO tar gzip bzip xz bcrypt tgz',
    // Units: s (seconds), bytes.
    's bytes',
    // Words that are Spanish as much as English.
    'a A no No local Local error irreversible Irreversible hexadecimal final total normal',
  ]
    .join(' ')
    .split(' '),
);

/** Letter patterns Spanish words do not have: a word with one is English (or a name) unless allowed above. */
export const NOT_SPANISH = /^sh|sh$|th|ck|ph|oo|w|k|ing$|tion$|ness$|ful$/iu;
