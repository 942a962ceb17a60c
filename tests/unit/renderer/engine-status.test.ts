// What the engine says about pulls, pushes and loads reads in Spanish in the Spanish UI (layer
// statuses, result lines, the running job's last CLI line), and exactly as sent in English; sizes,
// speeds and durations are written the language's way, the CLI's own text in English.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { initI18n } from '../../../renderer/src/i18n';
import { engineLineText, engineStatusText } from '../../../renderer/src/i18n/engine-status';
import { decimalIn, sizeIn, speedIn } from '../../../renderer/src/i18n/units';
import { bytesText, sizeText, speedText } from '../../../renderer/src/ui/format';
import { humanSize, humanSizeWithPrecision } from '../../../shared/docker-units';

initI18n('es');
const tEs = i18next.getFixedT('es');
const tEn = i18next.getFixedT('en');
const es = (status: string) => engineStatusText(status, tEs, 'es');
/** Intl separates a number from its unit with a no-break space. */
const nb = (text: string) => text.replace(/ /g, '\u00a0');

// moby's words, as pull (distribution/pull_v2.go), push (push_v2.go) and load (tarexport) send them.
const SPANISH: [string, string][] = [
  ['Waiting', 'En espera'],
  ['Pulling fs layer', 'Preparando la capa'],
  ['Downloading', 'Descargando'],
  ['Verifying Checksum', 'Verificando la suma'],
  ['Download complete', 'Descarga completa'],
  ['Extracting', 'Extrayendo'],
  ['Pull complete', 'Capa lista'],
  ['Already exists', 'Ya existe'],
  ['Preparing', 'Preparando'],
  ['Pushing', 'Subiendo'],
  ['Pushed', 'Subida'],
  ['Layer already exists', 'La capa ya existe'],
  ['Mounted from team/base', 'Montada desde team/base'],
  ['Retrying in 1 second', 'Reintentando en 1 segundo'],
  ['Retrying in 5 seconds', 'Reintentando en 5 segundos'],
  ['Loading layer', 'Cargando la capa'],
  ['Loaded', 'Cargada'],
  ['Pulling from library/busybox', 'Descargando de library/busybox'],
  ['Downloaded newer image for busybox:latest', 'Descargada una imagen más reciente de busybox:latest'],
  ['Image is up to date for busybox:latest', 'La imagen de busybox:latest ya está al día'],
  ['Status: Image is up to date for busybox:latest', 'Estado: La imagen de busybox:latest ya está al día'],
  ['The push refers to repository [127.0.0.1:5001/app]', 'La subida va al repositorio [127.0.0.1:5001/app]'],
  ['Loaded image: ux/app:1', 'Imagen cargada: ux/app:1'],
  [`Loaded image ID: sha256:${'a'.repeat(64)}`, `Imagen cargada con ID: sha256:${'a'.repeat(64)}`],
  [`1: digest: sha256:${'d'.repeat(64)} size: 527`, `1: digest: sha256:${'d'.repeat(64)} tamaño: 527`],
];

describe('engine statuses', () => {
  it('read in Spanish, the values they carry kept', () => {
    for (const [english, spanish] of SPANISH) expect(es(english), english).toBe(spanish);
  });

  it("stay the engine's words in English", () => {
    for (const [english] of SPANISH) expect(engineStatusText(english, tEn, 'en')).toBe(english);
  });

  it("fall back to the engine's text for a status they do not know", () => {
    expect(es('Something new')).toBe('Something new');
    expect(es('Digest: sha256:abc')).toBe('Digest: sha256:abc');
    expect(es('Mounted from')).toBe('Mounted from');
  });

  it('say a CLI line of a layer with the layer ID kept, and other lines whole', () => {
    expect(engineLineText('a1b2c3d4e5f6: Pull complete', tEs, 'es')).toBe('a1b2c3d4e5f6: Capa lista');
    expect(engineLineText('latest: Pulling from library/busybox', tEs, 'es')).toBe('latest: Descargando de library/busybox');
    expect(engineLineText('Status: Downloaded newer image for busybox:latest', tEs, 'es')).toBe(
      'Estado: Descargada una imagen más reciente de busybox:latest',
    );
    expect(engineLineText('a1b2c3d4e5f6: Something new', tEs, 'es')).toBe('a1b2c3d4e5f6: Something new');
    expect(engineLineText('a1b2c3d4e5f6: Pull complete', tEn, 'en')).toBe('a1b2c3d4e5f6: Pull complete');
  });
});

describe('sizes, speeds and durations', () => {
  const samples = [0, 999, 1000, 21_923_700, 1_500_000_000, 999_950, 7.3e18];

  it("are the CLI's own text in English", () => {
    for (const b of samples) {
      expect(sizeIn(b, 'en', 3)).toBe(humanSizeWithPrecision(b, 3));
      expect(sizeText(b, 'en')).toBe(humanSizeWithPrecision(b, 3));
      expect(bytesText(b, 'en')).toBe(humanSize(b));
      expect(speedText(b, 'en')).toBe(`${humanSize(b)}/s`);
    }
    expect(speedIn(21_923_700, 'en')).toBe('21.92MB/s');
  });

  it('use the decimal comma and a spaced unit in Spanish, with the same significant digits', () => {
    expect(speedIn(21_923_700, 'es')).toBe(nb('21,92 MB/s'));
    expect(sizeIn(21_923_700, 'es', 3)).toBe(nb('21,9 MB'));
    expect(sizeIn(21_923_700, 'es', 4)).toBe(nb('21,92 MB'));
    expect(sizeIn(1_500_000_000, 'es', 3)).toBe(nb('1,5 GB'));
    expect(sizeIn(999, 'es', 3)).toBe(nb('999 B'));
    expect(sizeIn(0, 'es', 3)).toBe(nb('0 B'));
    // Beyond Intl's units the number still reads the Spanish way.
    expect(sizeIn(7.3e18, 'es', 3)).toBe(nb('7,3 EB'));
    expect(decimalIn(0.1, 'es', 1)).toBe('0,1');
    expect(decimalIn(0.1, 'en', 1)).toBe('0.1');
  });

  it('follow the UI language the helpers default to', () => {
    // initI18n('es') above: the UI is in Spanish.
    expect(bytesText(21_923_700)).toBe(nb('21,92 MB'));
    expect(speedText(21_923_700)).toBe(nb('21,92 MB/s'));
  });

  it('put one style on a job line: "tardó 0,1 s" beside "21,92 MB/s", never "21.92MB/s"', () => {
    const line = `${speedText(21_923_700)} · ${tEs('jobDetail.took', { seconds: 0.1 })}`;
    expect(line).toBe(nb('21,92 MB/s') + ' · tardó 0,1 s');
    expect(line).not.toMatch(/\d\.\d/);
  });
});
