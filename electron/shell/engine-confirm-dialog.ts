// Owns the native question before Stevedore uses a remote engine: its words (en/es) and the
// message box options main.ts shows (dialog.showMessageBox), as plain data tested in Node.
import type { EngineQuestion } from '../core/engine/engine-confirmation';

export interface EngineConfirmWords {
  title: string;
  message(machine: string): string;
  detail(question: EngineQuestion): string;
  confirm: string;
  cancel: string;
}

const en: EngineConfirmWords = {
  title: 'Use a remote Docker engine?',
  message: (machine) => `Use the Docker engine on ${machine}?`,
  detail: (q) =>
    [
      q.when === 'startup'
        ? `Stevedore's settings file names the engine at ${q.address}. Nothing has been sent there yet.`
        : `You chose the engine at ${q.address}.`,
      `Stevedore will send your registry credentials (for pulls and pushes) and the image archives you load to ${q.machine}. Continue only if you trust that machine and the people who run it.`,
      q.transport === 'plain'
        ? 'The connection is not encrypted (tcp without TLS): anyone on the network between you can read and change it.'
        : q.transport === 'tls-unverified'
          ? "The connection is encrypted but the engine's certificate is not verified."
          : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  confirm: 'Use this engine',
  cancel: 'Cancel',
};

const es: EngineConfirmWords = {
  title: '¿Usar un motor de Docker remoto?',
  message: (machine) => `¿Usar el motor de Docker de ${machine}?`,
  detail: (q) =>
    [
      q.when === 'startup'
        ? `El archivo de ajustes de Stevedore indica el motor de ${q.address}. Todavía no se ha enviado nada allí.`
        : `Has elegido el motor de ${q.address}.`,
      `Stevedore enviará a ${q.machine} tus credenciales de registro (para descargar y subir imágenes) y los archivos de imágenes que cargues. Continúa solo si confías en esa máquina y en quienes la administran.`,
      q.transport === 'plain'
        ? 'La conexión no está cifrada (tcp sin TLS): cualquiera en la red intermedia puede leerla y cambiarla.'
        : q.transport === 'tls-unverified'
          ? 'La conexión está cifrada, pero el certificado del motor no se verifica.'
          : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  confirm: 'Usar este motor',
  cancel: 'Cancelar',
};

/** The words for the app's language setting, else the system locale (as shellStrings picks). */
export function engineConfirmWords(language: string, locale: string): EngineConfirmWords {
  const lang = language === 'system' ? locale.toLowerCase().split(/[-_]/)[0] : language;
  return lang === 'es' ? es : en;
}

/** Index of the button that confirms (Cancel is first, the default, and what Escape answers). */
export const ENGINE_CONFIRM_BUTTON = 1;

/** dialog.showMessageBox options for the question. */
export function engineConfirmDialog(question: EngineQuestion, words: EngineConfirmWords) {
  return {
    type: 'warning' as const,
    title: words.title,
    message: words.message(question.machine),
    detail: words.detail(question),
    buttons: [words.cancel, words.confirm],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}
