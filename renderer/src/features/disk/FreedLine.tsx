// Owns "Predicted: X · Freed: Y" after a remove or a prune. A prune's answer carries the engine's
// SpaceReclaimed; `docker rmi` answers with records only, so for a remove the engine's own measure,
// `/system/df` LayersSize (every layer an image holds, counted once), is read just before and just
// after it: the difference is what the removal freed (anything else changing images on the engine at
// that moment shows in it too). That call is slow on big hosts, so the result is shown at once and
// the "after" measure arrives when it does.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bytesText } from '../../ui/format';
import { useAppStore } from '../../store/use-app';

export type FreedMeasure =
  | { state: 'measuring'; predicted: number }
  | { state: 'done'; predicted: number; freed: number }
  | { state: 'failed'; predicted: number; message: string };

/** Runs `act` between two LayersSize measures; resolves with its answer before the second measure ends. */
export function useFreedMeasure() {
  const store = useAppStore();
  const [measure, setMeasure] = useState<FreedMeasure | null>(null);
  const around = async <T,>(predicted: number, act: () => Promise<T>): Promise<T> => {
    setMeasure({ state: 'measuring', predicted });
    const disk = store.getState().disk;
    const before = await disk.layersSize();
    const out = await act();
    if (!before.ok) {
      setMeasure({ state: 'failed', predicted, message: before.error.message });
      return out;
    }
    void disk
      .layersSize()
      .then((after) =>
        setMeasure(
          after.ok
            ? { state: 'done', predicted, freed: before.value.layersSize - after.value.layersSize }
            : { state: 'failed', predicted, message: after.error.message },
        ),
      );
    return out;
  };
  return { measure, around };
}

export function FreedLine({ measure, source }: { measure: FreedMeasure; source: 'remove' | 'prune' }) {
  const { t } = useTranslation();
  const predicted = bytesText(measure.predicted);
  return (
    <div className="freed-line">
      {/* Announced, but not a role=status: the dialogs keep their own status line for their result. */}
      <p aria-live="polite" data-testid="freed-line">
        {measure.state === 'done'
          ? t('disk.measure.line', { predicted, freed: bytesText(measure.freed) })
          : measure.state === 'measuring'
            ? t('disk.measure.measuring', { predicted })
            : t('disk.measure.failed', { predicted, message: measure.message })}
      </p>
      <p className="hint">{t(source === 'remove' ? 'disk.measure.removeNote' : 'disk.measure.pruneNote')}</p>
    </div>
  );
}
