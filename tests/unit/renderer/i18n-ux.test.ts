// The UI in Spanish says in Spanish what core and the engine send in the CLI's English (relative
// times, container statuses, job titles, a core message, the prune warning, numbers), while the
// English UI keeps the CLI's exact words; one verb per action in every Spanish string.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { humanDuration, createdSince, GO_ZERO_TIME_UNIX } from '../../../shared/docker-units';
import { pruneWarning } from '../../../electron/core/edit/prune';
import { saveTitle } from '../../../electron/core/transfer/transfer-handlers';
import { shellStrings } from '../../../electron/shell/shell-strings';
import en from '../../../renderer/src/i18n/en/index';
import es from '../../../renderer/src/i18n/es/index';
import { initI18n } from '../../../renderer/src/i18n';
import { createdAgo, durationParts, timeAgo } from '../../../renderer/src/i18n/relative-time';
import { containerStatusText } from '../../../renderer/src/i18n/container-status';
import { psImageText } from '../../../renderer/src/features/edit/container-image';
import { coreMessageText, jobTitle } from '../../../renderer/src/features/jobs/job-titles';
import { planRemovesNothing } from '../../../renderer/src/features/edit/remove-plan';
import type { RemovePlan, RemovePlanItem } from '../../../shared/contract';

initI18n('es');
const tEs = i18next.getFixedT('es');
const tEn = i18next.getFixedT('en');

const MIN = 60;
const HOUR = 3600;
const DAY = 24 * HOUR;

describe('relative times', () => {
  it("in English are the CLI's own words, rounded by units.HumanDuration", () => {
    for (const s of [0, 0.4, 1, 59, 60, 119, 120, 3599, 5399, 5400, 47 * HOUR, 2 * DAY, 13 * DAY, 15 * DAY, 70 * DAY, 800 * DAY]) {
      expect(timeAgo(s, 'en')).toBe(`${humanDuration(s)} ago`);
    }
    expect(createdAgo(1000, 1000_000 + 90_000, 'en')).toBe(createdSince(1000, 1000_000 + 90_000));
    expect(timeAgo(90, 'en')).toBe('About a minute ago');
  });

  it("in Spanish keep the CLI's unit and count and say them in Spanish", () => {
    expect(timeAgo(90, 'es')).toBe('hace 1 minuto');
    expect(timeAgo(5 * MIN + 59, 'es')).toBe('hace 5 minutos');
    // Hours round half up, as HumanDuration does: 1.5 h is "2 hours ago".
    expect(timeAgo(5400, 'es')).toBe('hace 2 horas');
    expect(timeAgo(47 * HOUR, 'es')).toBe('hace 47 horas');
    expect(timeAgo(3 * DAY, 'es')).toBe('hace 3 días');
    expect(timeAgo(20 * DAY, 'es')).toBe('hace 2 semanas');
    expect(timeAgo(0.3, 'es')).toBe('ahora');
    expect(createdAgo(GO_ZERO_TIME_UNIX, Date.now(), 'es')).toBe('N/A');
  });

  it('pick the same unit and count as HumanDuration for every second of the first days', () => {
    const fromText = (text: string) => {
      const m = /^(\d+) (\w+?)s?$/.exec(text);
      if (text === 'Less than a second') return { unit: 'second', count: 0 };
      if (text === 'About a minute') return { unit: 'minute', count: 1 };
      if (text === 'About an hour') return { unit: 'hour', count: 1 };
      return { unit: m![2], count: Number(m![1]) };
    };
    for (let s = 0; s < 20 * DAY; s += 97) expect(durationParts(s)).toEqual(fromText(humanDuration(s)));
  });
});

describe('container status (docker ps STATUS)', () => {
  it("is the engine's text in English and Spanish words with the same code and time otherwise", () => {
    expect(containerStatusText('Created', tEn, 'en')).toBe('Created');
    expect(containerStatusText('Created', tEs, 'es')).toBe('Creado');
    expect(containerStatusText('Up 2 minutes', tEs, 'es')).toBe('En marcha desde hace 2 minutos');
    expect(containerStatusText('Up About an hour (Paused)', tEs, 'es')).toBe('En marcha desde hace 1 hora (en pausa)');
    expect(containerStatusText('Exited (137) 3 hours ago', tEs, 'es')).toBe('Terminado (137) hace 3 horas');
    expect(containerStatusText('Restarting (1) Less than a second ago', tEs, 'es')).toBe('Reiniciando (1) ahora');
    // A shape it does not know stays as the engine sent it rather than being guessed.
    expect(containerStatusText('Up 3 minutes (something new)', tEs, 'es')).toBe('Up 3 minutes (something new)');
  });
});

describe('container IMAGE as docker ps prints it', () => {
  const id = 'sha256:18017dfcabade7d5be6340bd1617385cddb56900180391c783ddca8b91bdfcab';
  it('shows the 12-character ID when the engine answers with the image ID', () => {
    expect(psImageText(id, id)).toBe('18017dfcabad');
  });
  it('shows the reference the container was created with, familiar and without a digest', () => {
    expect(psImageText('ux-walk/app:1', id)).toBe('ux-walk/app:1');
    expect(psImageText('docker.io/library/busybox:latest', id)).toBe('busybox:latest');
    expect(psImageText(`busybox@sha256:${'a'.repeat(64)}`, id)).toBe('busybox');
    expect(psImageText(`127.0.0.1:5001/x:2@sha256:${'a'.repeat(64)}`, id)).toBe('127.0.0.1:5001/x:2');
    expect(psImageText('', id)).toBe('<no image>');
  });
});

describe('job titles', () => {
  const titles: [JobKindTitle, string][] = [
    [{ kind: 'commit', title: 'Commit ux-walk-c1 as ux-walk/committed:v1' }, 'Commit de ux-walk-c1 como ux-walk/committed:v1'],
    [{ kind: 'commit', title: 'Commit ux-walk-c1' }, 'Commit de ux-walk-c1'],
    [{ kind: 'load', title: 'Load loadme.tar, b.tar.gz' }, 'Cargar loadme.tar, b.tar.gz'],
    [
      { kind: 'save', title: `${saveTitle(['ux-walk/app:1', 'busybox:latest'])} (download)` },
      'Guardar ux-walk/app:1, busybox:latest (bajar con el navegador)',
    ],
    [{ kind: 'save', title: `${saveTitle(['ux-walk/app:1'])} to my save to disk.tar` }, 'Guardar ux-walk/app:1 en my save to disk.tar'],
    [{ kind: 'registry', title: 'Deploy local registry on localhost:5099' }, 'Desplegar el registro local en localhost:5099'],
    [{ kind: 'pull', title: 'Pull example.com/app:1' }, 'Descargar example.com/app:1'],
    [{ kind: 'push', title: 'Push 127.0.0.1:5001/x:1' }, 'Subir 127.0.0.1:5001/x:1'],
  ];
  type JobKindTitle = Parameters<typeof jobTitle>[0];

  it("are built again in Spanish from the kind and the parameters in core's title", () => {
    for (const [job, spanish] of titles) expect(jobTitle(job, tEs)).toBe(spanish);
  });
  it("read exactly as core's title in English", () => {
    for (const [job] of titles) expect(jobTitle(job, tEn)).toBe(job.title);
  });
  it("fall back to core's title for a shape they do not know", () => {
    expect(jobTitle({ kind: 'other', title: 'Something new' }, tEs)).toBe('Something new');
    expect(jobTitle({ kind: 'commit', title: 'Commit a b c' }, tEs)).toBe('Commit a b c');
  });
});

describe('core messages', () => {
  it('the no-bridge refusal is recognised by its detail and said in Spanish', () => {
    const error = {
      code: 'INVALID_ARGUMENT',
      message: 'This engine has no bridge network, so it cannot publish port 5099. Deploy with host networking instead.',
      detail: { port: 5099, hostNetwork: false },
    };
    expect(coreMessageText(error, tEs)).toBe(
      'Este motor no tiene red puente, así que no puede publicar el puerto 5099. Despliégalo con la red del anfitrión.',
    );
    expect(coreMessageText(error, tEn)).toBe(error.message);
    expect(coreMessageText({ code: 'ENGINE', message: 'engine words' }, tEs)).toBe('engine words');
  });

  it("the prune warning is the CLI's in English and has a Spanish text", () => {
    expect(tEn('edit.prune.warningDangling')).toBe(pruneWarning(false));
    expect(tEn('edit.prune.warningAll')).toBe(pruneWarning(true));
    expect(tEs('edit.prune.warningDangling')).toBe('¡ATENCIÓN! Se eliminarán todas las imágenes huérfanas.');
    expect(tEs('edit.prune.warningAll')).not.toBe(pruneWarning(true));
  });
});

describe('Spanish wording', () => {
  it("formats the job duration with the language's decimal separator", () => {
    expect(tEs('jobDetail.took', { seconds: (0.25).toFixed(1) })).toBe('tardó 0,3 s');
    expect(tEs('jobDetail.took', { seconds: 12 })).toBe('tardó 12,0 s');
    expect(tEn('jobDetail.took', { seconds: (0.25).toFixed(1) })).toBe('took 0.3 s');
  });

  it('translates the History column headers and the Label filter', () => {
    for (const [key, value] of Object.entries(es.history.columns))
      expect(value, key).not.toBe(en.history.columns[key as keyof typeof en.history.columns]);
    expect(es.filters.labelField).not.toBe(en.filters.labelField);
  });

  it('uses one verb per action: Subir for push, Descargar for pull, in the page and the native shell', () => {
    const strings: string[] = [];
    const collect = (o: unknown): void => {
      if (typeof o === 'string') strings.push(o);
      else if (o && typeof o === 'object') Object.values(o).forEach(collect);
    };
    collect(es);
    const shell = shellStrings('es', 'es');
    for (const v of Object.values(shell)) strings.push(typeof v === 'function' ? (v as (...a: unknown[]) => string)('X', 1, 'running') : v);
    // `docker push` / `docker pull` are command names, not words of the UI.
    const offenders = strings.filter((s) => /\b(push|pull)\b/i.test(s.replace(/docker (push|pull)/g, '')));
    expect(offenders).toEqual([]);
    expect(es.registries.push.button).toBe('Subir…');
    expect(es.registries.browser.pull).toBe('Descargar');
    expect(shell.pull).toMatch(/^Descargar /);
    expect(shell.pushLocal('x')).toMatch(/^Subir /);
    // Dangling and Jobs are named as in the page.
    expect(shell.jobs).toBe(es.nav.jobs);
    expect(shell.pruneUnknown).toMatch(/huérfanas/);
  });
});

describe('Remove plan', () => {
  const item = (over: Partial<RemovePlanItem>): RemovePlanItem => ({
    name: 'x:1',
    untag: ['x:1'],
    delete: [],
    layers: [],
    spaceFreed: 0,
    lines: [],
    irreversible: false,
    undoable: true,
    ...over,
  });
  const plan = (items: RemovePlanItem[]): RemovePlan => ({ bestEffort: true, note: '', items, spaceFreed: 0, irreversible: false });
  it('removes nothing when every item is refused', () => {
    expect(planRemovesNothing(plan([item({ untag: [], message: 'conflict: unable to remove repository reference' })]))).toBe(true);
    expect(planRemovesNothing(plan([item({ message: 'refused' }), item({ name: 'y:1' })]))).toBe(false);
    expect(planRemovesNothing(plan([item({})]))).toBe(false);
  });
});
