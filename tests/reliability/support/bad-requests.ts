// The generated corpus of malformed bridge requests: for every channel of the contract, wrong
// top-level types, unknown and prototype-polluting keys, and per field wrong types, huge strings,
// NaN/Infinity (as raw JSON text), deep nesting; plus unknown channels and malformed frames.
// Each entry says what the bridge must answer; none may reach the engine.
import { z } from 'zod';
import { CHANNELS, requestSchemas, type Channel } from '../../../shared/contract';

export interface BadFrame {
  /** What the case is, for the report. */
  name: string;
  /** The exact text sent as one WebSocket frame (not always JSON). */
  text: string;
  /** True when the answer comes with `id: null` (the frame itself is malformed). */
  malformedFrame: boolean;
}

const HUGE = 'A'.repeat(200_000);
const TRAVERSAL = [
  '../../../../etc/passwd',
  '..\\..\\windows\\system32',
  '/etc/shadow',
  '%2e%2e%2f%2e%2e%2fetc',
  'a/../../b',
  '\u0000evil',
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

let nextId = 1;
const invoke = (channel: unknown, requestJson: string): string =>
  `{"type":"invoke","id":${nextId++},"channel":${JSON.stringify(channel)},"request":${requestJson}}`;

/** The object schema behind defaults/optionals, or undefined for a non-object schema. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let s: unknown = schema;
  for (let i = 0; i < 5; i++) {
    const def = (s as { def?: { type?: string; innerType?: unknown; shape?: Record<string, z.ZodType> } }).def;
    if (!def) return undefined;
    if (def.type === 'object') return def.shape;
    if (def.innerType) s = def.innerType;
    else return undefined;
  }
  return undefined;
}

/** The JSON kind a field expects (through default/optional), to pick the wrong ones. */
function fieldKind(schema: z.ZodType): string {
  let s: unknown = schema;
  for (let i = 0; i < 6; i++) {
    const def = (s as { def?: { type?: string; innerType?: unknown } }).def;
    if (!def) return 'unknown';
    if (def.innerType && ['default', 'optional', 'nullable', 'prefault', 'readonly', 'catch'].includes(def.type ?? '')) s = def.innerType;
    else return def.type ?? 'unknown';
  }
  return 'unknown';
}

/** Wrong values for a field of `kind`, as JSON text (NaN and Infinity exist only as raw text). */
function wrongValues(kind: string): [string, string][] {
  const all: [string, string][] = [
    ['number', '42'],
    ['negative', '-1'],
    ['fraction', '0.5'],
    ['string', '"x"'],
    ['empty string', '""'],
    ['boolean', 'true'],
    ['null', 'null'],
    ['object', '{"a":1}'],
    ['array', '[1,"2",{}]'],
    ['infinity (1e400)', '1e400'],
    ['huge string', JSON.stringify(HUGE)],
    ['deep array', `${'['.repeat(2000)}${']'.repeat(2000)}`],
  ];
  const sameKind: Record<string, string[]> = {
    string: ['string'],
    boolean: ['boolean'],
    number: ['number', 'negative', 'fraction'],
    array: ['array'],
    object: ['object'],
  };
  const keep = sameKind[kind] ?? [];
  return all.filter(([name]) => !keep.includes(name));
}

/** Does the schema refuse this request? (Cases it would accept are no malformed requests.) */
function refused(channel: Channel, json: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return true;
  }
  return !requestSchemas[channel].safeParse(value ?? {}).success;
}

export function buildCorpus(): BadFrame[] {
  const frames: BadFrame[] = [];
  const add = (name: string, text: string, malformedFrame = false) => frames.push({ name, text, malformedFrame });

  for (const channel of CHANNELS) {
    const schema = requestSchemas[channel];
    const shape = objectShape(schema) ?? {};
    const candidates: [string, string][] = [
      ['top-level number', '42'],
      ['top-level string', '"images"'],
      ['top-level true', 'true'],
      ['top-level array', '[]'],
      ['top-level array of object', '[{}]'],
      ['unknown key', '{"zzz":1}'],
      ...PROTO_KEYS.map((k): [string, string] => [`${k} key`, `{${JSON.stringify(k)}:{"polluted":true}}`]),
      ['constructor.prototype chain', '{"constructor":{"prototype":{"polluted":true}}}'],
    ];
    for (const [field, fieldSchema] of Object.entries(shape)) {
      for (const [what, value] of wrongValues(fieldKind(fieldSchema)))
        candidates.push([`${field}: ${what}`, `{${JSON.stringify(field)}:${value}}`]);
      if (fieldKind(fieldSchema) === 'string') {
        for (const p of TRAVERSAL.slice(0, 2))
          candidates.push([
            `${field}: ${JSON.stringify(p)} with an unknown key`,
            `{${JSON.stringify(field)}:${JSON.stringify(p)},"__proto__":{"polluted":true}}`,
          ]);
      }
    }
    // Missing required fields: only the channels that have some.
    if (!requestSchemas[channel].safeParse({}).success) candidates.push(['missing fields', '{}']);
    for (const [what, json] of candidates) {
      // Huge strings and prototype keys are refused whatever the schema says; the rest only when invalid.
      if (!/huge|__proto__|constructor|prototype/.test(what) && !refused(channel, json)) continue;
      add(`${channel} ${what}`, invoke(channel, json));
    }
  }

  const unknownChannels = [
    '',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'IMAGES.LIST',
    'images.list ',
    'images/../engine.status',
    'images.list\u0000',
    'docker.exec',
    'containers.create',
    HUGE.slice(0, 10_000),
    ...TRAVERSAL,
  ];
  for (const ch of unknownChannels) add(`unknown channel ${JSON.stringify(ch.slice(0, 30))}`, invoke(ch, '{}'));
  for (const [what, ch] of [
    ['channel number', '7'],
    ['channel null', 'null'],
    ['channel object', '{"toString":1}'],
    ['channel array', '["images.list"]'],
  ]) {
    add(what, `{"type":"invoke","id":${nextId++},"channel":${ch},"request":{}}`);
  }

  // Frames the bridge cannot even read: answered with id null.
  const malformed: [string, string][] = [
    ['not JSON', 'hello'],
    ['empty frame', ''],
    ['JSON null', 'null'],
    ['JSON array', '[]'],
    ['NaN literal', invoke('images.list', '{"all":NaN}')],
    ['Infinity literal', invoke('search.run', '{"term":"x","limit":Infinity}')],
    ['trailing garbage', `${invoke('images.list', '{}')}}`],
    ['type missing', '{"id":1,"channel":"images.list","request":{}}'],
    ['type event', '{"type":"event","id":1,"channel":"images.list","request":{}}'],
    ['id string', '{"type":"invoke","id":"1","channel":"images.list","request":{}}'],
    ['id fraction', '{"type":"invoke","id":1.5,"channel":"images.list","request":{}}'],
    ['id huge', '{"type":"invoke","id":1e400,"channel":"images.list","request":{}}'],
    ['id missing', '{"type":"invoke","channel":"images.list","request":{}}'],
    ['deeply nested frame', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
    ['__proto__ frame', '{"__proto__":{"type":"invoke","id":1,"channel":"images.list","request":{}}}'],
  ];
  for (const [what, text] of malformed) add(`malformed frame: ${what}`, text, true);
  return frames;
}
